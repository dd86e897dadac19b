import { Agent, request } from 'undici';

/** One answer of a backend. */
export interface HttpAnswer<T = unknown> {
  status: number;
  /** Parsed JSON when the body is JSON, else the text. */
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The harness's HTTP client for one backend (or the sandbox): keep-alive connections on a
 * private undici agent (global `fetch` is off limits in Jest), a bearer token on every call,
 * and a per-request timeout so that no call can hang a run.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 256,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  private headers(extra?: Record<string, string>): Record<string, string> {
    return {
      accept: 'application/json',
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...extra,
    };
  }

  /** GET a path (starting with `/`) of the base URL. Never throws for HTTP errors. */
  async get<T = unknown>(
    path: string,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<T>> {
    return this.send<T>('GET', path, undefined, headers);
  }

  /** POST JSON. Never throws for HTTP errors. */
  async post<T = unknown>(path: string, body: unknown): Promise<HttpAnswer<T>> {
    return this.send<T>('POST', path, JSON.stringify(body), {
      'content-type': 'application/json',
    });
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<T>> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: this.headers(headers),
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.body.text();
    const type = String(response.headers['content-type'] ?? '');
    let parsed: unknown = text;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return {
      status: response.statusCode,
      body: parsed as T,
      headers: response.headers,
    };
  }

  /**
   * Opens a server-sent event stream and calls `onEvent` for every event until the returned
   * `close` is called or the signal aborts.
   */
  async events(
    path: string,
    onEvent: (event: { event: string; data: string }) => void,
  ): Promise<{ close: () => void }> {
    const controller = new AbortController();
    const response = await request(`${this.baseUrl}${path}`, {
      method: 'GET',
      headers: this.headers({ accept: 'text/event-stream' }),
      dispatcher: this.agent,
      signal: controller.signal,
      bodyTimeout: 0,
    });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(
        `GET ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`,
      );
    }
    let buffer = '';
    const decoder = new TextDecoder();
    response.body.on('data', (chunk: Buffer) => {
      buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:'))
            data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) onEvent({ event, data: data.join('\n') });
        end = buffer.indexOf('\n\n');
      }
    });
    response.body.on('error', () => undefined);
    return {
      close: () => {
        controller.abort();
        response.body.destroy();
      },
    };
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
