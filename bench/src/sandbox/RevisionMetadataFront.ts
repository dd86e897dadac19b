import { createHash } from 'node:crypto';
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Counter name of the endpoint, as the sandbox would name it. */
export const REVISION_METADATA_ENDPOINT =
  'GET /api/v1/applications/{name}/revisions/{revision}/metadata';

const METADATA_PATH =
  /^\/argocd\/([^/]+)\/api\/v1\/applications\/([^/]+)\/revisions\/([^/]+)\/metadata$/;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A front of the sandbox for the benchmark, in the sandbox's process: forwards every request
 * unchanged, and answers Argo CD's `GET .../revisions/{revision}/metadata` itself while the
 * sandbox does not (both peers call it once per history row; without an answer their views
 * would fail and the calls would not be counted). Its answers follow Argo CD's
 * `RevisionMetadata` (author, date, message, tags), take the sandbox's added latency, check the
 * instance token and are counted; `GET /admin/counters` includes them and
 * `POST /admin/counters/reset` resets them. When the sandbox serves the endpoint (probed at
 * start) the front only forwards.
 */
export class RevisionMetadataFront {
  private readonly counts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly url: string,
    /** True while the front answers revision metadata itself. */
    readonly answering: boolean,
    private readonly tokens: Map<string, string>,
    private readonly latencyMs: number,
  ) {
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: {
    sandboxUrl: string;
    instances: Array<{ name: string; token: string }>;
    latencyMs: number;
  }): Promise<RevisionMetadataFront> {
    const target = new URL(options.sandboxUrl);
    const tokens = new Map(options.instances.map(i => [i.name, i.token]));
    const first = options.instances[0];
    const probe = await forwardOnce(target, {
      path: `/argocd/${first.name}/api/v1/applications/bench-probe/revisions/HEAD/metadata`,
      token: first.token,
    });
    // The sandbox's catch-all answers `Not Found` for routes it does not have (an unknown
    // application on a route it has is `applications.argoproj.io "bench-probe" not found`).
    const answering =
      probe.status === 404 && probe.body.includes('"Not Found"');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const front = new RevisionMetadataFront(
      server,
      target,
      `http://127.0.0.1:${port}`,
      answering,
      tokens,
      options.latencyMs,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      front.handle(req, res).catch(error => {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(error));
      });
    });
    return front;
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const metadata = METADATA_PATH.exec(path);
    if (this.answering && req.method === 'GET' && metadata) {
      await this.answerMetadata(
        req,
        res,
        metadata[1],
        decodeURIComponent(metadata[3]),
      );
      return;
    }
    if (path === '/admin/counters/reset' && req.method === 'POST') {
      this.counts.clear();
    }
    if (path === '/admin/counters' && req.method === 'GET') {
      const answer = await forwardOnce(this.target, {
        path: '/admin/counters',
      });
      const counters = JSON.parse(answer.body) as Record<
        string,
        Record<string, number>
      >;
      for (const [instance, calls] of this.counts) {
        counters[instance] = {
          ...counters[instance],
          [REVISION_METADATA_ENDPOINT]: calls,
        };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(counters));
      return;
    }
    this.forward(req, res);
  }

  private async answerMetadata(
    req: IncomingMessage,
    res: ServerResponse,
    instance: string,
    revision: string,
  ): Promise<void> {
    const token = this.tokens.get(instance);
    if (!token) {
      json(res, 404, { error: 'Not Found', code: 5, message: 'Not Found' });
      return;
    }
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    this.counts.set(instance, (this.counts.get(instance) ?? 0) + 1);
    if (req.headers.authorization !== `Bearer ${token}`) {
      json(res, 401, {
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
      return;
    }
    const hash = createHash('sha256').update(revision).digest();
    json(res, 200, {
      author: `Dev ${hash[0] % 16} <dev${hash[0] % 16}@acme.example>`,
      date: new Date(
        Date.UTC(2026, 5, 1) + (hash.readUInt32BE(1) % (150 * 86400)) * 1000,
      )
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      tags: [],
      message: `Pin image digest (${revision.slice(0, 7)})`,
    });
  }

  /** Streams the request to the sandbox and the answer back (watch streams included). */
  private forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** One GET to the sandbox, read whole. */
function forwardOnce(
  target: URL,
  options: { path: string; token?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path,
        headers: options.token
          ? { authorization: `Bearer ${options.token}` }
          : {},
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
