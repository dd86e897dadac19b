import { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import {
  ENVIRONMENTS,
  REPO_NAME,
  REPO_OWNER,
  SANDBOX_GITHUB_TOKEN,
} from './demo';
import { SandboxRuntime } from './SandboxRuntime';
import { SandboxKnobs } from './admin/SandboxKnobs';
import { adminRouter } from './admin/adminRouter';
import { argocdRouter } from './argocd/argocdRouter';
import { githubRouter } from './github/githubRouter';
import { webRouter } from './web/webRouter';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. The CLI uses 7010. */
  port?: number;
  /**
   * Folder of the sandbox's state (the repository and pull requests). Reused when it exists.
   * Without it a temporary folder is used and removed by `stop()`.
   */
  dir?: string;
  /** Delete the state in `dir` first and seed again. */
  reset?: boolean;
  /** Time factor: 1 is real timing (a canary takes about 30 s); tests use e.g. 20. */
  speed?: number;
  /** Start in scale mode: N instances × M synthetic applications. */
  scale?: { instances: number; appsPerInstance: number };
  /** Latency added to every Argo CD answer, in milliseconds. */
  latencyMs?: number;
  /** Receives one line per notable event (sync, rollout step, merge). */
  log?: (line: string) => void;
  /** Host name used in the URLs the sandbox hands out (default `127.0.0.1`; the CLI uses `localhost`). */
  publicHost?: string;
  /**
   * Start with the demo situation (default true): `ledger-staging` drifted (live replicas one
   * above git) and the preview `gateway-preview-pr-128` open.
   */
  demoState?: boolean;
}

/** One Argo CD instance of the sandbox. */
export interface SandboxArgoInstance {
  name: string;
  url: string;
  token: string;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `${url}/api/v3` */
  githubApiUrl: string;
  /** `${url}/acme/gitops` (web URL; the Argo CD applications use `${url}/acme/gitops.git`). */
  repositoryUrl: string;
  githubToken: string;
  /** `nonprod` and `prod` (more in scale mode). */
  argocd: SandboxArgoInstance[];
  /** The working repository on disk. */
  repoDir: string;
  /** `{ integrations: { github: [...] }, gitops: {...} }` for a Backstage backend using this sandbox. */
  backstageConfig(): {
    integrations: {
      github: Array<{ host: string; apiBaseUrl: string; token: string }>;
    };
    gitops: {
      repository: { url: string; branch: string; layout: string };
      environments: Array<{
        name: string;
        autoMerge?: boolean;
        approvals?: number;
      }>;
      argocd: { instances: SandboxArgoInstance[] };
    };
  };
  /** The same operations as the admin API. */
  knobs: SandboxKnobs;
  stop(): Promise<void>;
}

/**
 * Starts the GitOps sandbox: a real git repository shaped like a GitOps repository, a
 * GitHub-compatible API over it, two Argo CD-compatible instances (`nonprod`: dev and staging;
 * `prod`: prod) whose applications follow the repository (sync, canary rollouts, history), the
 * admin API with the knobs, and the web pages. Never part of a production configuration.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const ownsDir = !options.dir;
  const dir = options.dir
    ? resolve(options.dir)
    : await mkdtemp(join(tmpdir(), 'gitops-sandbox-'));
  if (options.reset && options.dir) {
    await rm(dir, { recursive: true, force: true });
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const server: Server = createServer(app);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.publicHost ?? '127.0.0.1';
  const url = `http://${host}:${port}`;

  let runtime: SandboxRuntime;
  try {
    runtime = await SandboxRuntime.open({
      dir,
      baseUrl: url,
      speed: options.speed ?? 1,
      log,
      demoState: options.demoState ?? true,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  if (options.scale) {
    await runtime.scale(options.scale);
  }
  if (options.latencyMs) {
    await runtime.latency({ ms: options.latencyMs });
  }

  app.use(
    '/api/v3',
    githubRouter({
      repo: runtime.repo,
      pulls: runtime.pulls,
      links: runtime.links,
      count: endpoint => runtime.countGitHub(endpoint),
    }),
  );
  app.use(
    '/argocd/:instance',
    argocdRouter({
      instance: name => runtime.instance(name),
      refresh: () => runtime.reconciler.refresh(),
      sync: (instance, entry, request) =>
        runtime.syncApplication(instance, entry, request),
      commit: revision => runtime.repo.getCommit(revision),
    }),
  );
  app.use('/admin', adminRouter(runtime));
  app.use(
    '/',
    webRouter({
      repo: runtime.repo,
      pulls: runtime.pulls,
      links: runtime.links,
      knobs: runtime,
      afterMerge: () => runtime.reconciler.refresh(),
    }),
  );

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const argocd = () =>
    runtime.instances().map(i => ({
      name: i.name,
      url: `${url}/argocd/${i.name}`,
      token: i.token,
    }));
  const repositoryUrl = `${url}/${REPO_OWNER}/${REPO_NAME}`;
  let stopped = false;

  return {
    url,
    githubApiUrl: `${url}/api/v3`,
    repositoryUrl,
    githubToken: SANDBOX_GITHUB_TOKEN,
    get argocd() {
      return argocd();
    },
    repoDir: runtime.repoDir,
    backstageConfig: () => ({
      integrations: {
        github: [
          {
            host: `${host}:${port}`,
            apiBaseUrl: `${url}/api/v3`,
            token: SANDBOX_GITHUB_TOKEN,
          },
        ],
      },
      gitops: {
        repository: {
          url: repositoryUrl,
          branch: 'main',
          layout: 'envs/{environment}/{service}',
        },
        environments: ENVIRONMENTS.map(name => ({
          name,
          ...(name === 'dev' ? { autoMerge: true } : {}),
          ...(name === 'prod' ? { approvals: 2 } : {}),
        })),
        argocd: { instances: argocd() },
      },
    }),
    knobs: runtime,
    async stop() {
      if (stopped) return;
      stopped = true;
      runtime.stop();
      await new Promise<void>(done => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      });
      if (ownsDir) {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
