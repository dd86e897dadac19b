import http from 'node:http';
import type { Evidence } from './Evidence';

/** One answer of the backend. */
export interface BackendResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/** What to send. */
export interface BackendRequest {
  /** A JSON body. */
  body?: unknown;
  /** A body sent as it is (broken JSON, another content type). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** For event streams: how long to read before hanging up. Default 150 ms. */
  streamMs?: number;
  /** Hangs up when aborted (the caller goes away). */
  signal?: AbortSignal;
}

/**
 * An HTTP client of one test backend's `/api/gitops` routes, over kept-alive connections and
 * with raw paths (no URL normalisation, so `..` and odd encodings reach the server as sent).
 * Every answer, headers included, goes into the evidence.
 */
export class BackendClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly port: number,
    private readonly evidence: Evidence,
  ) {}

  get(path: string, options: BackendRequest = {}): Promise<BackendResponse> {
    return this.request('GET', path, options);
  }

  post(
    path: string,
    body: unknown,
    options: BackendRequest = {},
  ): Promise<BackendResponse> {
    return this.request('POST', path, { ...options, body });
  }

  request(
    method: string,
    path: string,
    options: BackendRequest = {},
  ): Promise<BackendResponse> {
    const payload =
      options.rawBody ??
      (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(payload !== undefined && options.rawBody === undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(options.headers ?? {}),
    };
    if (payload !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path: `/api/gitops${path}`,
          headers,
          agent: this.agent,
        },
        res => {
          const chunks: Buffer[] = [];
          const streaming = String(res.headers['content-type']).startsWith(
            'text/event-stream',
          );
          let timer: NodeJS.Timeout | undefined;
          const finish = () => {
            if (timer) clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            this.evidence.add(
              'response',
              `${method} ${path} ${res.statusCode} ${JSON.stringify(
                res.headers,
              )} ${text}`,
            );
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              json,
            });
          };
          res.on('data', chunk => chunks.push(chunk));
          if (streaming) {
            // An event stream never ends by itself: read its first events, then hang up.
            timer = setTimeout(() => {
              req.destroy();
              finish();
            }, options.streamMs ?? 150);
            res.on('error', () => {});
          } else {
            res.on('end', finish);
            res.on('error', reject);
          }
        },
      );
      options.signal?.addEventListener('abort', () =>
        req.destroy(new Error('The caller hung up')),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
