import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';

/*
 * The production bundle, run as packages/backend/Dockerfile runs it: `yarn build:backend`'s
 * skeleton and bundle unpacked into an empty folder, started with plain `node` under
 * NODE_ENV=production, with app-config.yaml + app-config.production.yaml, against PostgreSQL,
 * Redis and the GitOps sandbox (started beside it, as real Argo CD and GitHub would be). The
 * image's `yarn workspaces focus --production` needs the registry; here the folder's
 * node_modules links to the repository's installed packages instead, except the workspaces:
 * those come from the bundle, and the ones it does not hold (the sandbox, the frontend
 * plugins) are left out, so the bundle cannot lean on them.
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BACKEND = path.join(ROOT, 'packages', 'backend');
const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const REDIS = process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING;
const TOKEN = randomBytes(24).toString('base64url');
const BACKEND_SECRET = randomBytes(24).toString('base64url');
const GITHUB_CLIENT_ID = 'bundle-test-client';

jest.setTimeout(600_000);

/** Reported as skipped (with the reason in the title) when PostgreSQL or Redis is not configured. */
const describeWithServices = POSTGRES && REDIS ? describe : describe.skip;

describeWithServices(
  `the production bundle (node packages/backend, NODE_ENV=production, PostgreSQL, Redis, sandbox)${
    POSTGRES && REDIS ? '' : ': needs PostgreSQL and Redis'
  }`,
  () => {
    let dir: string;
    let baseUrl: string;
    let prefix: string;
    const children: ChildProcess[] = [];
    const logs: string[] = [];

    beforeAll(async () => {
      await ensureBundle();
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-bundle-'));
      await run('tar', [
        'xzf',
        path.join(BACKEND, 'dist', 'skeleton.tar.gz'),
        '-C',
        dir,
      ]);
      await run('tar', [
        'xzf',
        path.join(BACKEND, 'dist', 'bundle.tar.gz'),
        '-C',
        dir,
      ]);
      await linkInstalledPackages(dir);
      for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
        await fs.copyFile(path.join(ROOT, file), path.join(dir, file));
      }

      const [sandboxPort, backendPort] = [await freePort(), await freePort()];
      const sandboxUrl = `http://localhost:${sandboxPort}`;
      baseUrl = `http://localhost:${backendPort}`;
      prefix = `bundle_${randomBytes(4).toString('hex')}_`;
      await fs.writeFile(
        path.join(dir, 'app-config.test.yaml'),
        testConfig({ backendPort, sandboxPort, prefix }),
      );

      children.push(
        spawnLogged(
          process.execPath,
          [
            path.join(
              ROOT,
              'packages',
              'gitops-sandbox',
              'bin',
              'gitops-sandbox',
            ),
            'start',
            '--port',
            String(sandboxPort),
            '--dir',
            path.join(dir, 'sandbox-state'),
            '--quiet',
          ],
          { cwd: ROOT, env: process.env },
          logs,
        ),
      );
      await waitUntil(
        async () => (await fetch(`${sandboxUrl}/admin/state`)).ok,
        60_000,
      );

      const pg = new URL(POSTGRES!);
      children.push(
        spawnLogged(
          process.execPath,
          [
            'packages/backend',
            '--config',
            'app-config.yaml',
            '--config',
            'app-config.production.yaml',
            '--config',
            'app-config.test.yaml',
          ],
          {
            cwd: dir,
            env: {
              PATH: process.env.PATH,
              NODE_ENV: 'production',
              NODE_OPTIONS: '--no-node-snapshot',
              APP_BASE_URL: baseUrl,
              BACKEND_BASE_URL: baseUrl,
              BACKEND_SECRET,
              POSTGRES_HOST: pg.hostname,
              POSTGRES_PORT: pg.port || '5432',
              POSTGRES_USER: decodeURIComponent(pg.username),
              POSTGRES_PASSWORD: decodeURIComponent(pg.password),
              REDIS_URL: REDIS,
              GITHUB_TOKEN: 'sandbox-github-token',
              GITOPS_REPOSITORY_URL: `${sandboxUrl}/acme/gitops`,
              ARGOCD_NONPROD_URL: `${sandboxUrl}/argocd/nonprod`,
              ARGOCD_NONPROD_TOKEN: 'sandbox-argocd-nonprod-token',
              ARGOCD_PROD_URL: `${sandboxUrl}/argocd/prod`,
              ARGOCD_PROD_TOKEN: 'sandbox-argocd-prod-token',
              AUTH_GITHUB_CLIENT_ID: GITHUB_CLIENT_ID,
              AUTH_GITHUB_CLIENT_SECRET: 'bundle-test-secret',
            },
          },
          logs,
        ),
      );
      await waitUntil(
        async () => {
          const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
          return res.ok;
        },
        180_000,
        () => logs.join(''),
      );
    });

    afterAll(async () => {
      await Promise.all(children.map(stopChild));
      if (prefix) await dropDatabases(prefix);
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    it('holds the portal but not the GitOps sandbox', async () => {
      const backendManifest = JSON.parse(
        await fs.readFile(
          path.join(dir, 'packages', 'backend', 'package.json'),
          'utf8',
        ),
      );
      expect(Object.keys(backendManifest.dependencies)).toContain(
        '@gitops-portal/plugin-gitops-backend',
      );
      expect(Object.keys(backendManifest.dependencies)).not.toContain(
        '@gitops-portal/gitops-sandbox',
      );
      const { stdout } = await run(
        'tar',
        ['tzf', path.join(BACKEND, 'dist', 'bundle.tar.gz')],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      expect(stdout).toContain('plugins/gitops-backend/migrations/');
      expect(stdout).not.toMatch(/gitops-sandbox/);
    });

    it('serves an entity’s status from the sandbox’s Argo CD instances, on PostgreSQL and Redis', async () => {
      // The catalog ingests its locations in the background after start.
      let res: Response | undefined;
      await waitUntil(async () => {
        res = await fetch(
          `${baseUrl}/api/gitops/v1/entities/default/component/gateway/status?wait=details`,
          { headers: { Authorization: `Bearer ${TOKEN}` } },
        );
        return res.status !== 404;
      }, 120_000);
      expect(res!.status).toBe(200);
      const status = await res!.json();
      expect(status.errors).toEqual([]);
      expect(status.environments.map((e: { name: string }) => e.name)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      expect(status.environments[0].targets[0].application.name).toBe(
        'gateway-dev',
      );
      expect(status.environments[0].desired?.digest).toMatch(
        /^sha256:[a-f0-9]{64}$/,
      );

      const databases = await listDatabases(prefix);
      expect(databases).toEqual(
        expect.arrayContaining([`${prefix}gitops`, `${prefix}catalog`]),
      );
    });

    it('signs in with GitHub, and has no guest sign-in', async () => {
      const start = await fetch(
        `${baseUrl}/api/auth/github/start?env=production`,
        {
          redirect: 'manual',
        },
      );
      expect(start.status).toBe(302);
      const location = new URL(start.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(
        'https://github.com/login/oauth/authorize',
      );
      expect(location.searchParams.get('client_id')).toBe(GITHUB_CLIENT_ID);

      const guest = await fetch(
        `${baseUrl}/api/auth/guest/refresh?env=development`,
        {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        },
      );
      expect(guest.status).toBe(404);
    });

    it('never writes a secret to its output', () => {
      const output = logs.join('');
      expect(output.length).toBeGreaterThan(0);
      for (const secret of [
        BACKEND_SECRET,
        TOKEN,
        'sandbox-argocd-prod-token',
        'bundle-test-secret',
      ]) {
        expect(output).not.toContain(secret);
      }
    });
  },
);

/** Builds the bundle when it is missing or older than a source of a package it holds. */
async function ensureBundle() {
  const bundle = path.join(BACKEND, 'dist', 'bundle.tar.gz');
  const builtAt = await fs
    .stat(bundle)
    .then(s => s.mtimeMs)
    .catch(() => 0);
  const sources = ['packages/backend', 'packages/app', 'plugins'].map(p =>
    path.join(ROOT, p),
  );
  if (builtAt > 0 && (await newestSource(sources)) < builtAt) return;
  // eslint-disable-next-line no-console
  console.log('building the production bundle (yarn build:backend)');
  // Jest's NODE_ENV=test would pick no browserslist section for the app's build.
  await run('yarn', ['build:backend'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 256 * 1024 * 1024,
  });
}

async function newestSource(dirs: string[]): Promise<number> {
  let newest = 0;
  const visit = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'dist-types'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else newest = Math.max(newest, (await fs.stat(full)).mtimeMs);
    }
  };
  for (const dir of dirs) await visit(dir);
  return newest;
}

/**
 * node_modules of the unpacked folder: every package the repository installed, except its own
 * workspaces, which resolve to the bundle's copies (or nowhere, for those it does not hold).
 */
async function linkInstalledPackages(dir: string) {
  const bundled = new Map<string, string>();
  for (const manifest of await findManifests(dir)) {
    const { name } = JSON.parse(await fs.readFile(manifest, 'utf8'));
    bundled.set(name, path.dirname(manifest));
  }
  const installed = path.join(ROOT, 'node_modules');
  const target = path.join(dir, 'node_modules');
  await fs.mkdir(target);
  const link = async (name: string) => {
    const from = path.join(installed, name);
    const isWorkspace = (await fs.lstat(from)).isSymbolicLink();
    const to = isWorkspace ? bundled.get(name) : await fs.realpath(from);
    if (to) await fs.symlink(to, path.join(target, name));
  };
  for (const entry of await fs.readdir(installed)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      await fs.mkdir(path.join(target, entry));
      for (const scoped of await fs.readdir(path.join(installed, entry))) {
        await link(`${entry}/${scoped}`);
      }
    } else {
      await link(entry);
    }
  }
  // Packages the install kept beside one workspace (version conflicts) stay beside its copy.
  for (const copy of bundled.values()) {
    const own = path.join(ROOT, path.relative(dir, copy), 'node_modules');
    if (await fs.stat(own).catch(() => undefined)) {
      await fs.symlink(own, path.join(copy, 'node_modules'));
    }
  }
}

async function findManifests(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const group of ['packages', 'plugins']) {
    const base = path.join(dir, group);
    for (const name of await fs.readdir(base).catch(() => [])) {
      found.push(path.join(base, name, 'package.json'));
    }
  }
  return found;
}

function testConfig(options: {
  backendPort: number;
  sandboxPort: number;
  prefix: string;
}) {
  const { backendPort, sandboxPort, prefix } = options;
  return `backend:
  listen: ':${backendPort}'
  database:
    prefix: ${prefix}
  auth:
    externalAccess:
      - type: static
        options:
          token: ${TOKEN}
          subject: bundle-test
integrations:
  github:
    - host: localhost:${sandboxPort}
      apiBaseUrl: http://localhost:${sandboxPort}/api/v3
      token: sandbox-github-token
catalog:
  locations:
    - type: file
      target: ${path.join(ROOT, 'catalog-info.yaml')}
    - type: file
      target: ${path.join(ROOT, 'examples', 'org.yaml')}
`;
}

function spawnLogged(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  logs: string[],
): ChildProcess {
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', chunk => logs.push(String(chunk)));
  child.stderr!.on('data', chunk => logs.push(String(chunk)));
  return child;
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describeFailure?: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms\n${describeFailure?.() ?? ''}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

async function withPostgres<T>(fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: POSTGRES, database: 'postgres' },
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

async function listDatabases(prefix: string): Promise<string[]> {
  return withPostgres(async knex => {
    const { rows } = await knex.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [prefix],
    );
    return rows.map((r: { datname: string }) => r.datname);
  });
}

async function dropDatabases(prefix: string) {
  const names = await listDatabases(prefix).catch(() => []);
  await withPostgres(async knex => {
    for (const name of names) {
      await knex.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    }
  }).catch(() => {});
}
