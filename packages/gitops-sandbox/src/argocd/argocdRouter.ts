import express, { NextFunction, Request, Response } from 'express';
import type {
  ArgoApplication,
  ArgoApplicationList,
  ArgoApplicationTree,
  ArgoApplicationWatchChunk,
  ArgoManagedResourcesResponse,
  ArgoResourceResponse,
  ArgoRevisionMetadata,
  ArgoSessionResponse,
  ArgoAppProjectList,
  ArgoSyncWindowsResponse,
} from '@gitops-portal/plugin-gitops-node';
import { ARGO_NAMESPACE, SANDBOX_ARGOCD_PASSWORD } from '../demo';
import type { GitCommit } from '../git/GitRepository';
import { HttpError } from '../util/HttpError';
import { ApplicationEntry } from './ApplicationEntry';
import { ArgoInstance } from './ArgoInstance';
import { SelectorError, parseLabelSelector } from './labelSelector';
import { parseFields, projectApplication } from './listFields';

/** What the Argo CD API needs from the rest of the sandbox. */
export interface ArgoRouterDeps {
  instance(name: string): ArgoInstance | undefined;
  /** Compares the applications with the head of `main` now (`?refresh=`). */
  refresh(): Promise<void>;
  /** Starts a sync of an application (checks windows and running operations). */
  sync(
    instance: ArgoInstance,
    app: ApplicationEntry,
    request: { revision?: string; dryRun?: boolean; prune?: boolean },
  ): Promise<void>;
  /** A commit of the GitOps repository, or null when the revision is not one. */
  commit(revision: string): Promise<GitCommit | null>;
}

function runtimeError(status: number, code: number, message: string) {
  return new HttpError(status, message, { error: message, code, message });
}

function notFound(name: string) {
  return runtimeError(404, 5, `applications.argoproj.io "${name}" not found`);
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header && /^bearer\s+/i.test(header)) {
    return header.replace(/^bearer\s+/i, '').trim();
  }
  const cookie = req.headers.cookie
    ?.split(';')
    .map(c => c.trim())
    .find(c => c.startsWith('argocd.token='));
  return cookie
    ? decodeURIComponent(cookie.slice('argocd.token='.length))
    : undefined;
}

function queryList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value === 'string' && value) return [value];
  return [];
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function normalizeRepo(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** The list/watch filters of `ApplicationQuery`. */
function applicationFilter(req: Request): (app: ApplicationEntry) => boolean {
  const name = queryString(req.query.name);
  const projects = [
    ...queryList(req.query.projects),
    ...queryList(req.query.project),
  ];
  const repo = queryString(req.query.repo);
  const appNamespace = queryString(req.query.appNamespace);
  let selector: (labels: Record<string, string>) => boolean;
  try {
    selector = parseLabelSelector(queryString(req.query.selector));
  } catch (error) {
    if (error instanceof SelectorError) {
      throw runtimeError(
        400,
        3,
        `error parsing labels with selectors: ${error.message}`,
      );
    }
    throw error;
  }
  return app =>
    (!name || app.name === name) &&
    (projects.length === 0 || projects.includes(app.project)) &&
    (!repo || normalizeRepo(app.repoURL) === normalizeRepo(repo)) &&
    (!appNamespace || appNamespace === ARGO_NAMESPACE) &&
    selector(app.labels);
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

/**
 * The Argo CD REST API of the sandbox's instances (`/argocd/{instance}/api/v1/...`): session,
 * applications list and get, the watch stream, resource-tree, resource, managed-resources,
 * syncwindows and sync, with bearer-token auth and grpc-gateway error bodies.
 */
export function argocdRouter(deps: ArgoRouterDeps): express.Router {
  const router = express.Router({ mergeParams: true });

  const instanceOf = (res: Response): ArgoInstance => res.locals.instance;

  const route = (
    method: 'get' | 'post',
    path: string,
    endpoint: string,
    handler: Handler,
    options: { auth?: boolean } = {},
  ) => {
    router[method](path, async (req, res, next) => {
      const instance = instanceOf(res);
      instance.count(endpoint);
      try {
        if (options.auth !== false && !instance.accepts(bearerToken(req))) {
          throw runtimeError(
            401,
            16,
            bearerToken(req)
              ? 'invalid session: token signature is invalid'
              : 'no session information',
          );
        }
        await handler(req, res);
      } catch (error) {
        next(error);
      }
    });
  };

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const instance = deps.instance(String(req.params.instance));
    if (!instance) {
      res.status(404).json({
        error: `no Argo CD instance "${req.params.instance}" in the sandbox`,
        code: 5,
        message: `no Argo CD instance "${req.params.instance}" in the sandbox`,
      });
      return;
    }
    if (instance.stopped) {
      // A stopped instance behaves like a server that is down: the connection drops.
      req.socket.destroy();
      return;
    }
    if (instance.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, instance.latencyMs));
      if (instance.stopped) {
        req.socket.destroy();
        return;
      }
    }
    res.locals.instance = instance;
    next();
  });
  router.use(express.json({ limit: '1mb' }));

  route(
    'post',
    '/api/v1/session',
    'POST /api/v1/session',
    (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const instance = instanceOf(res);
      if (typeof body.token === 'string' && instance.accepts(body.token)) {
        const answer: ArgoSessionResponse = { token: body.token };
        res.json(answer);
        return;
      }
      if (
        body.username !== 'admin' ||
        body.password !== SANDBOX_ARGOCD_PASSWORD
      ) {
        throw runtimeError(401, 16, 'Invalid username or password');
      }
      const answer: ArgoSessionResponse = {
        token: instance.issueSession('admin'),
      };
      res.json(answer);
    },
    { auth: false },
  );

  route(
    'get',
    '/api/v1/session/userinfo',
    'GET /api/v1/session/userinfo',
    (_req, res) => {
      res.json({
        loggedIn: true,
        username: 'admin',
        iss: 'argocd',
        groups: [],
      });
    },
  );

  route('get', '/api/v1/version', 'GET /api/v1/version', (_req, res) => {
    res.json({ Version: 'v3.2.0+sandbox', Platform: 'linux/amd64' });
  });

  route('get', '/api/v1/clusters', 'GET /api/v1/clusters', (_req, res) => {
    const instance = instanceOf(res);
    res.json({
      metadata: {},
      items: instance.environments.map(environment => ({
        server: `https://${environment}.k8s.acme.internal`,
        name: environment,
        connectionState: { status: 'Successful', message: '' },
        info: {
          serverVersion: '1.31',
          connectionState: { status: 'Successful', message: '' },
          applicationsCount: instance
            .list()
            .filter(
              a =>
                a.toApplication({ resourceHealth: false }).spec.destination
                  .name === environment,
            ).length,
        },
      })),
    });
  });

  route(
    'get',
    '/api/v1/applications',
    'GET /api/v1/applications',
    async (req, res) => {
      const instance = instanceOf(res);
      const filter = applicationFilter(req);
      const fields = parseFields(queryString(req.query.fields));
      if (queryString(req.query.refresh)) {
        await deps.refresh();
      }
      const apps = instance.list().filter(filter);
      const version = String(instance.currentVersion());
      res.status(200);
      res.setHeader('Content-Type', 'application/json');
      if (fields && apps.length === 0) {
        const empty: ArgoApplicationList = {
          metadata: { resourceVersion: version },
          items: null,
        };
        res.end(JSON.stringify(empty));
        return;
      }
      // Streamed item by item: a 20,000-application list never sits in memory as one string.
      const head = `{"metadata":{"resourceVersion":${JSON.stringify(
        version,
      )}},"items":[`;
      let chunk = head;
      for (let i = 0; i < apps.length; i++) {
        const app = apps[i].toApplication({ resourceHealth: false });
        chunk +=
          (i > 0 ? ',' : '') +
          JSON.stringify(fields ? projectApplication(app, fields) : app);
        if (chunk.length > 256 * 1024) {
          if (!res.write(chunk)) {
            await new Promise(resolve => res.once('drain', resolve));
          }
          chunk = '';
        }
      }
      res.end(`${chunk}]}`);
    },
  );

  route(
    'get',
    '/api/v1/stream/applications',
    'GET /api/v1/stream/applications',
    (req, res) => {
      const instance = instanceOf(res);
      const filter = applicationFilter(req);
      const resourceVersion = queryString(req.query.resourceVersion);
      const minVersion = Number(resourceVersion) || 0;
      const name = queryString(req.query.name);
      const sse = (req.headers.accept ?? '').includes('text/event-stream');
      res.writeHead(200, {
        'Content-Type': sse ? 'text/event-stream' : 'application/json',
        'Cache-Control': 'no-cache',
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      const write = (chunk: ArgoApplicationWatchChunk) => {
        const json = JSON.stringify(chunk);
        res.write(sse ? `data: ${json}\n\n` : `${json}\n`);
      };
      const permitted = (app: ApplicationEntry) =>
        app.resourceVersion >= minVersion && filter(app);
      // Like Argo CD: without a resourceVersion (or for one app) the current apps come first as ADDED.
      if (!resourceVersion || name) {
        for (const app of instance.list()) {
          if (permitted(app)) {
            write({
              result: {
                type: 'ADDED',
                application: app.toApplication({ resourceHealth: true }),
              },
            });
          }
        }
      }
      const unsubscribe = instance.subscribe({
        matches: permitted,
        send: (type, application: ArgoApplication) =>
          write({ result: { type, application } }),
        abort: () => res.destroy(),
      });
      req.on('close', unsubscribe);
      res.on('close', unsubscribe);
    },
  );

  const appOf = (req: Request, res: Response): ApplicationEntry => {
    const name = String(req.params.name);
    const appNamespace = queryString(req.query.appNamespace);
    const app = instanceOf(res).get(name);
    if (!app || (appNamespace && appNamespace !== ARGO_NAMESPACE)) {
      throw notFound(name);
    }
    const projects = [
      ...queryList(req.query.project),
      ...queryList(req.query.projects),
    ];
    if (projects.length > 0 && !projects.includes(app.project)) {
      throw runtimeError(403, 7, 'permission denied');
    }
    return app;
  };

  route(
    'get',
    '/api/v1/applications/:name',
    'GET /api/v1/applications/{name}',
    async (req, res) => {
      if (queryString(req.query.refresh)) {
        await deps.refresh();
      }
      const application: ArgoApplication = appOf(req, res).toApplication({
        resourceHealth: true,
      });
      res.json(application);
    },
  );

  route(
    'get',
    '/api/v1/applications/:name/revisions/:revision/metadata',
    'GET /api/v1/applications/{name}/revisions/{revision}/metadata',
    async (req, res) => {
      const entry = appOf(req, res);
      const revision = String(req.params.revision);
      const made = entry.revisionMetadata?.(revision);
      if (made) {
        res.json(made);
        return;
      }
      const commit = /^[0-9a-f]{7,40}$/.test(revision)
        ? await deps.commit(revision)
        : null;
      if (!commit) {
        throw runtimeError(
          404,
          5,
          `revision ${revision} not found in the repository`,
        );
      }
      const metadata: ArgoRevisionMetadata = {
        author: `${commit.author.name} <${commit.author.email}>`,
        date: commit.author.date,
        tags: [],
        message: commit.message,
      };
      res.json(metadata);
    },
  );

  route(
    'get',
    '/api/v1/applications/:name/resource-tree',
    'GET /api/v1/applications/{name}/resource-tree',
    (req, res) => {
      const tree: ArgoApplicationTree = appOf(req, res).resourceTree();
      res.json(tree);
    },
  );

  route(
    'get',
    '/api/v1/applications/:name/resource',
    'GET /api/v1/applications/{name}/resource',
    (req, res) => {
      const app = appOf(req, res);
      const query = {
        namespace: queryString(req.query.namespace),
        resourceName: queryString(req.query.resourceName),
        group: queryString(req.query.group),
        version: queryString(req.query.version),
        kind: queryString(req.query.kind),
      };
      if (!query.resourceName || !query.kind) {
        throw runtimeError(400, 3, 'resourceName and kind are required');
      }
      const object = app.resource(query);
      if (!object) {
        throw runtimeError(
          400,
          3,
          `${query.kind} ${query.group ?? ''} ${
            query.resourceName
          } not found as part of application ${app.name}`,
        );
      }
      const answer: ArgoResourceResponse = { manifest: JSON.stringify(object) };
      res.json(answer);
    },
  );

  route(
    'get',
    '/api/v1/applications/:name/managed-resources',
    'GET /api/v1/applications/{name}/managed-resources',
    (req, res) => {
      const app = appOf(req, res);
      const name = queryString(req.query.name);
      const namespace = queryString(req.query.namespace);
      const kind = queryString(req.query.kind);
      const group = queryString(req.query.group);
      const answer: ArgoManagedResourcesResponse = {
        items: app
          .managedResources()
          .filter(
            r =>
              (!name || r.name === name) &&
              (!namespace || r.namespace === namespace) &&
              (!kind || r.kind === kind) &&
              (!group || r.group === group),
          ),
      };
      res.json(answer);
    },
  );

  route(
    'get',
    '/api/v1/applications/:name/syncwindows',
    'GET /api/v1/applications/{name}/syncwindows',
    (req, res) => {
      appOf(req, res);
      const answer: ArgoSyncWindowsResponse = instanceOf(res).syncWindows();
      res.json(answer);
    },
  );

  route('get', '/api/v1/projects', 'GET /api/v1/projects', (_req, res) => {
    const answer: ArgoAppProjectList = {
      metadata: {
        resourceVersion: String(instanceOf(res).currentVersion()),
      },
      items: instanceOf(res).projects(),
    };
    res.json(answer);
  });

  route(
    'get',
    '/api/v1/projects/:name/syncwindows',
    'GET /api/v1/projects/{name}/syncwindows',
    (req, res) => {
      const name = String(req.params.name);
      const answer = instanceOf(res).projectSyncWindows(name);
      if (!answer) {
        throw runtimeError(
          404,
          5,
          `appprojects.argoproj.io "${name}" not found`,
        );
      }
      res.json(answer);
    },
  );

  route(
    'post',
    '/api/v1/applications/:name/sync',
    'POST /api/v1/applications/{name}/sync',
    async (req, res) => {
      const instance = instanceOf(res);
      const app = appOf(req, res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.revision !== undefined && typeof body.revision !== 'string') {
        throw runtimeError(400, 3, 'revision must be a string');
      }
      await deps.sync(instance, app, {
        revision: body.revision as string | undefined,
        dryRun: body.dryRun === true,
        prune: body.prune === true,
      });
      const application: ArgoApplication = app.toApplication({
        resourceHealth: true,
      });
      res.json(application);
    },
  );

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'Not Found', code: 5, message: 'Not Found' });
  });

  router.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof HttpError) {
        res.status(error.status).json(
          error.body ?? {
            error: error.message,
            code: 2,
            message: error.message,
          },
        );
        return;
      }
      if ((error as { type?: string })?.type === 'entity.parse.failed') {
        res.status(400).json({
          error: 'invalid JSON body',
          code: 3,
          message: 'invalid JSON body',
        });
        return;
      }
      const message = (error as Error)?.message ?? 'internal error';
      res.status(500).json({ error: message, code: 13, message });
    },
  );

  return router;
}
