import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import fs from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../__fixtures__');

/** Reads a JSON fixture of `src/argocd/__fixtures__`. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** Reads the lines of an NDJSON fixture. */
export function ndjsonFixture(name: string): any[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

/** How the mock instance misbehaves. */
export type Failure =
  | 'down'
  | 'slow'
  | 'unauthorized'
  | 'garbage'
  | 'server-error';

interface Stream {
  controller: ReadableStreamDefaultController<Uint8Array>;
  closed: boolean;
}

/**
 * One Argo CD instance for msw, answering like Argo CD 3.x: the list, single application,
 * watch stream (newline-delimited JSON chunks, only later changes when a resourceVersion is
 * given), resource tree, resource (manifest as a JSON string), managed resources, sync
 * windows and session. Applications are raw payloads (fixtures); changes made through
 * `emit` are pushed to the open watch streams. Every call is recorded.
 */
export class MockArgoCd {
  readonly name: string;
  readonly url: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly calls: Array<{
    method: string;
    path: string;
    query: URLSearchParams;
    authorization: string | null;
  }> = [];
  failure: Failure | null = null;
  /** How long a `slow` instance takes, in milliseconds. */
  slowMs = 1000;
  listResourceVersion: string;
  readonly trees = new Map<string, unknown>();
  readonly resources = new Map<string, unknown>();
  readonly managed = new Map<string, unknown>();
  readonly syncWindows = new Map<string, unknown>();
  /**
   * AppProjects the token may read, by name, with their declared `syncWindows`; none by
   * default (the list is then empty, as for a token without `projects, get`).
   */
  readonly projects = new Map<string, { syncWindows?: unknown[] }>();
  /** Windows of each project that Argo CD reports active now. */
  readonly activeProjectWindows = new Map<string, unknown[]>();
  /** Session tokens issued; the latest is the valid one. */
  readonly sessions: string[] = [];
  private apps = new Map<string, any>();
  private readonly streams = new Set<Stream>();
  private readonly encoder = new TextEncoder();

  constructor(options: {
    name: string;
    url: string;
    token?: string;
    username?: string;
    password?: string;
    list?: { metadata?: { resourceVersion?: string }; items: any[] };
  }) {
    this.name = options.name;
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.username = options.username;
    this.password = options.password;
    this.listResourceVersion = options.list?.metadata?.resourceVersion ?? '1';
    for (const item of options.list?.items ?? []) this.setApplication(item);
  }

  /** Config of this instance for `gitops.argocd.instances`. */
  config(extra: Record<string, unknown> = {}) {
    return {
      name: this.name,
      url: this.url,
      ...(this.token ? { token: this.token } : {}),
      ...(this.username
        ? { username: this.username, password: this.password }
        : {}),
      ...extra,
    };
  }

  application(name: string): any {
    return this.apps.get(name);
  }

  /** Replaces or adds an application silently (no watch event). */
  setApplication(app: any) {
    this.apps.set(app.metadata.name, app);
  }

  removeApplication(name: string) {
    this.apps.delete(name);
  }

  /** Changes an application and pushes the change to every open watch stream. */
  emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', app: any) {
    if (type === 'DELETED') this.apps.delete(app.metadata.name);
    else this.apps.set(app.metadata.name, app);
    const line = `${JSON.stringify({ result: { type, application: app } })}\n`;
    for (const stream of this.streams) {
      if (!stream.closed) stream.controller.enqueue(this.encoder.encode(line));
    }
  }

  /** Sends a raw line (garbage, error chunks) to every open watch stream. */
  emitRaw(line: string) {
    for (const stream of this.streams) {
      if (!stream.closed) stream.controller.enqueue(this.encoder.encode(line));
    }
  }

  /** Ends every open watch stream, as a restarting server would. */
  endStreams() {
    for (const stream of this.streams) {
      if (!stream.closed) {
        stream.closed = true;
        stream.controller.close();
      }
    }
    this.streams.clear();
  }

  /** Cuts every open watch stream, as a reset connection would. */
  breakStreams() {
    for (const stream of this.streams) {
      if (!stream.closed) {
        stream.closed = true;
        stream.controller.error(new Error('connection reset'));
      }
    }
    this.streams.clear();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  callsTo(pathSuffix: string, method = 'GET') {
    return this.calls.filter(
      c => c.method === method && c.path.endsWith(pathSuffix),
    );
  }

  /** Calls other than list, watch and session: the per-target details. */
  detailCalls() {
    return this.calls.filter(
      c =>
        !c.path.endsWith('/api/v1/applications') &&
        !c.path.endsWith('/api/v1/stream/applications') &&
        !c.path.endsWith('/api/v1/session'),
    );
  }

  handlers(): HttpHandler[] {
    const base = this.url;
    const guard = async (request: Request): Promise<Response | undefined> => {
      const url = new URL(request.url);
      this.calls.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        authorization: request.headers.get('authorization'),
      });
      switch (this.failure) {
        case 'down':
          return HttpResponse.error();
        case 'slow':
          await delay(this.slowMs);
          break;
        case 'unauthorized':
          return HttpResponse.json(fixture('error-unauthenticated.json'), {
            status: 401,
          });
        case 'garbage':
          return new HttpResponse('<html><body>502 Bad Gateway</body></html>', {
            status: 200,
            headers: { 'Content-Type': 'text/html' },
          });
        case 'server-error':
          return HttpResponse.json(
            {
              error: 'upstream connect error',
              code: 14,
              message: 'upstream connect error',
            },
            { status: 503 },
          );
        default:
      }
      if (url.pathname.endsWith('/api/v1/session')) return undefined;
      const auth = request.headers.get('authorization');
      const valid = this.token
        ? auth === `Bearer ${this.token}`
        : this.sessions.length > 0 &&
          auth === `Bearer ${this.sessions[this.sessions.length - 1]}`;
      if (!valid) {
        return HttpResponse.json(fixture('error-unauthenticated.json'), {
          status: 401,
        });
      }
      return undefined;
    };
    const notFound = (name: string) =>
      HttpResponse.json(
        {
          error: `applications.argoproj.io "${name}" not found`,
          code: 5,
          message: `applications.argoproj.io "${name}" not found`,
        },
        { status: 404 },
      );

    return [
      http.post(`${base}/api/v1/session`, async ({ request }) => {
        const failed = await guard(request);
        if (failed) return failed;
        const body = (await request.json()) as {
          username?: string;
          password?: string;
        };
        if (
          body.username !== this.username ||
          body.password !== this.password
        ) {
          return HttpResponse.json(
            {
              error: 'Invalid username or password',
              code: 16,
              message: 'Invalid username or password',
            },
            { status: 401 },
          );
        }
        const token = `${fixture('session.json').token}.${
          this.sessions.length + 1
        }`;
        this.sessions.push(token);
        return HttpResponse.json({ token });
      }),
      http.get(`${base}/api/v1/applications`, async ({ request }) => {
        const failed = await guard(request);
        if (failed) return failed;
        return HttpResponse.json({
          metadata: { resourceVersion: this.listResourceVersion },
          items: Array.from(this.apps.values()),
        });
      }),
      http.get(`${base}/api/v1/stream/applications`, async ({ request }) => {
        const failed = await guard(request);
        if (failed) return failed;
        const resourceVersion = new URL(request.url).searchParams.get(
          'resourceVersion',
        );
        let stream!: Stream;
        const body = new ReadableStream<Uint8Array>({
          start: controller => {
            stream = { controller, closed: false };
            this.streams.add(stream);
            if (!resourceVersion) {
              // Argo CD first sends every application as ADDED when no version is given.
              for (const app of this.apps.values()) {
                controller.enqueue(
                  this.encoder.encode(
                    `${JSON.stringify({
                      result: { type: 'ADDED', application: app },
                    })}\n`,
                  ),
                );
              }
            }
          },
          cancel: () => {
            stream.closed = true;
            this.streams.delete(stream);
          },
        });
        request.signal.addEventListener('abort', () => {
          if (!stream.closed) {
            stream.closed = true;
            this.streams.delete(stream);
            try {
              stream.controller.close();
            } catch {
              // already closed
            }
          }
        });
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
      http.get(
        `${base}/api/v1/applications/:name/resource-tree`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          const tree = this.trees.get(params.name as string);
          return tree
            ? HttpResponse.json(tree)
            : notFound(params.name as string);
        },
      ),
      http.get(
        `${base}/api/v1/applications/:name/resource`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          const q = new URL(request.url).searchParams;
          const manifest = this.resources.get(
            `${params.name}/${q.get('kind')}/${q.get('namespace')}/${q.get(
              'resourceName',
            )}`,
          );
          if (!manifest) {
            return HttpResponse.json(
              {
                error: 'not found as part of application',
                code: 3,
                message: `${q.get('kind')} ${q.get(
                  'resourceName',
                )} not found as part of application ${params.name}`,
              },
              { status: 400 },
            );
          }
          return HttpResponse.json({ manifest: JSON.stringify(manifest) });
        },
      ),
      http.get(
        `${base}/api/v1/applications/:name/managed-resources`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          const managed = this.managed.get(params.name as string);
          return managed
            ? HttpResponse.json(managed)
            : HttpResponse.json({ items: [] });
        },
      ),
      http.get(
        `${base}/api/v1/applications/:name/syncwindows`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          return HttpResponse.json(
            this.syncWindows.get(params.name as string) ??
              fixture('syncwindows-none.json'),
          );
        },
      ),
      http.get(`${base}/api/v1/projects`, async ({ request }) => {
        const failed = await guard(request);
        if (failed) return failed;
        return HttpResponse.json({
          items: [...this.projects].map(([name, spec]) => ({
            metadata: { name, namespace: 'argocd' },
            spec: { sourceRepos: ['*'], ...spec },
          })),
        });
      }),
      http.get(
        `${base}/api/v1/projects/:name/syncwindows`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          const name = params.name as string;
          if (!this.projects.has(name)) return notFound(name);
          return HttpResponse.json({
            windows: this.activeProjectWindows.get(name) ?? [],
          });
        },
      ),
      http.get(
        `${base}/api/v1/applications/:name`,
        async ({ request, params }) => {
          const failed = await guard(request);
          if (failed) return failed;
          const app = this.apps.get(params.name as string);
          return app ? HttpResponse.json(app) : notFound(params.name as string);
        },
      ),
    ];
  }
}

/**
 * Starts msw for a test file: Argo CD calls must be mocked, calls to the local test backend
 * pass through.
 */
export function registerArgoCdMsw(server: SetupServer) {
  beforeAll(() =>
    server.listen({
      onUnhandledRequest(request, print) {
        const host = new URL(request.url).hostname;
        if (
          host === '127.0.0.1' ||
          host === 'localhost' ||
          host === '::1' ||
          host === '[::1]'
        ) {
          return;
        }
        print.error();
      },
    }),
  );
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}
