/*
 * Benchmark of the read side: entity status served from the application index.
 *
 * Builds the index of 10 Argo CD instances × 2,000 applications, served by an in-process HTTP
 * server shaped like Argo CD 3.x with 50 ms of latency on every call, then measures:
 *   - entity status latency (p50/p95/p99), as the status route computes it (index, details
 *     through the cache, JSON body and its ETag);
 *   - Argo CD calls per status request (details only: list and watch are counted apart);
 *   - delay from an event on the watch stream to the entity status showing it.
 *
 * Workload: page views of services drawn from a Zipf distribution over all 5,000 services;
 * each page view asks for the status once and then polls it 9 times (the UI polls with
 * If-None-Match when server-sent events are unavailable). Meanwhile the watch streams carry
 * 20 changes per second across the fleet.
 *
 * Then the worst case: first views of services nobody viewed yet, one after the other.
 *
 * Run: yarn workspace @gitops-portal/plugin-gitops-backend bench:status
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { ApplicationIndex } from '../src/argocd/ApplicationIndex';
import { readGitOpsConfig } from '../src/config/GitOpsConfig';
import { EntityStatusService } from '../src/status/EntityStatusService';
import { TargetDetailsService } from '../src/status/TargetDetailsService';

const INSTANCE_PAIRS = 5; // nonprod-N (dev, staging) and prod-N (prod on two clusters)
const SERVICES_PER_PAIR = 1000; // → 2,000 applications per instance
const LATENCY_MS = 50;
const PAGE_VIEWS = 500;
const POLLS_PER_VIEW = 9;
const CONCURRENCY = 4;
const BACKGROUND_EVENTS_PER_SECOND = 20;
const WATCH_SAMPLES = 50;
const COLD_VIEWS = 200;

const REPO = 'https://github.com/acme/gitops.git';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

type Counter = Record<string, number>;

// ---------------------------------------------------------------------------------------------
// A fleet of fake Argo CD instances
// ---------------------------------------------------------------------------------------------

function service(n: number) {
  return `svc-${String(n).padStart(4, '0')}`;
}

function makeApp(
  name: string,
  env: string,
  svc: string,
  cluster: string,
  resourceVersion: number,
  health = 'Healthy',
) {
  const withRollout = Number(svc.slice(4)) % 4 === 0;
  return {
    metadata: {
      name,
      namespace: 'argocd',
      uid: createHash('md5').update(name).digest('hex'),
      resourceVersion: String(resourceVersion),
      generation: 3,
      labels: { 'app.kubernetes.io/part-of': svc },
    },
    spec: {
      project: 'shop',
      source: {
        repoURL: REPO,
        path: `envs/${env}/${svc}`,
        targetRevision: 'main',
      },
      destination: { name: cluster, namespace: svc },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      resources: [
        {
          version: 'v1',
          kind: 'Service',
          namespace: svc,
          name: svc,
          status: 'Synced',
        },
        withRollout
          ? {
              group: 'argoproj.io',
              version: 'v1alpha1',
              kind: 'Rollout',
              namespace: svc,
              name: svc,
              status: 'Synced',
            }
          : {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: svc,
              name: svc,
              status: 'Synced',
            },
      ],
      sync: {
        status: 'Synced',
        revision: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
      },
      health: { status: health },
      reconciledAt: '2026-11-20T09:44:30Z',
      operationState: {
        operation: {
          sync: { revision: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2' },
        },
        phase: 'Succeeded',
        startedAt: '2026-11-20T09:40:51Z',
        finishedAt: '2026-11-20T09:40:58Z',
      },
      summary: { images: [`ghcr.io/acme/${svc}@${DIGEST}`] },
      resourceHealthSource: 'appTree',
      controllerNamespace: 'argocd',
    },
  };
}

function rolloutManifest(svc: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: svc, namespace: svc, generation: 3 },
    spec: {
      replicas: 3,
      strategy: {
        canary: {
          steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }],
        },
      },
    },
    status: {
      currentStepIndex: 3,
      currentPodHash: 'abc',
      stableRS: 'abc',
      availableReplicas: 3,
      observedGeneration: '3',
      phase: 'Healthy',
    },
  };
}

class Fleet {
  readonly instances = new Map<
    string,
    { apps: Map<string, any>; streams: Set<http.ServerResponse>; rv: number }
  >();
  readonly calls: Counter = {};
  private server?: http.Server;
  url = '';

  constructor() {
    for (let pair = 0; pair < INSTANCE_PAIRS; pair++) {
      const nonprod = new Map<string, any>();
      const prod = new Map<string, any>();
      let rv = 1000;
      for (let i = 0; i < SERVICES_PER_PAIR; i++) {
        const svc = service(pair * SERVICES_PER_PAIR + i);
        for (const env of ['dev', 'staging']) {
          nonprod.set(
            `${svc}-${env}`,
            makeApp(`${svc}-${env}`, env, svc, env, rv++),
          );
        }
        for (const cluster of ['prod-a', 'prod-b']) {
          prod.set(
            `${svc}-${cluster}`,
            makeApp(`${svc}-${cluster}`, 'prod', svc, cluster, rv++),
          );
        }
      }
      this.instances.set(`nonprod-${pair}`, {
        apps: nonprod,
        streams: new Set(),
        rv,
      });
      this.instances.set(`prod-${pair}`, {
        apps: prod,
        streams: new Set(),
        rv,
      });
    }
  }

  async start() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
  }

  async stop() {
    for (const instance of this.instances.values()) {
      for (const stream of instance.streams) stream.end();
    }
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Changes an application and sends the event to the instance's watch streams. */
  modify(instanceName: string, appName: string, health: string) {
    const instance = this.instances.get(instanceName)!;
    const app = structuredClone(instance.apps.get(appName));
    app.metadata.resourceVersion = String(++instance.rv);
    app.status.health = { status: health };
    instance.apps.set(appName, app);
    const line = `${JSON.stringify({
      result: { type: 'MODIFIED', application: app },
    })}\n`;
    for (const stream of instance.streams) stream.write(line);
  }

  private count(kind: string) {
    this.calls[kind] = (this.calls[kind] ?? 0) + 1;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/argocd\/([^/]+)(\/api\/v1\/.*)$/.exec(url.pathname);
    const instance = match && this.instances.get(match[1]);
    if (!match || !instance) {
      res.writeHead(404).end();
      return;
    }
    const path = match[2];
    setTimeout(() => {
      const json = (body: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/api/v1/applications') {
        this.count('list');
        json({
          metadata: { resourceVersion: String(instance.rv) },
          items: Array.from(instance.apps.values()),
        });
      } else if (path === '/api/v1/stream/applications') {
        this.count('watch');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        instance.streams.add(res);
        const opened = Date.now();
        res.on('close', () => {
          instance.streams.delete(res);
          if (process.env.BENCH_DEBUG) {
            process.stderr.write(
              `debug fleet: stream of ${match[1]} closed after ${
                Date.now() - opened
              } ms (client ${req.socket.destroyed ? 'gone' : 'there'})\n`,
            );
          }
        });
      } else if (path.endsWith('/syncwindows')) {
        this.count('syncwindows');
        json({ canSync: true });
      } else if (path.endsWith('/resource')) {
        this.count('resource');
        json({
          manifest: JSON.stringify(
            rolloutManifest(url.searchParams.get('resourceName') ?? ''),
          ),
        });
      } else if (path.endsWith('/resource-tree')) {
        this.count('resource-tree');
        json({ nodes: [] });
      } else {
        this.count('other');
        res.writeHead(404).end();
      }
    }, LATENCY_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers
// ---------------------------------------------------------------------------------------------

const quietLogger: LoggerService = {
  error: (m: string) => process.stderr.write(`error ${m}\n`),
  warn: (m: string) => process.stderr.write(`warn ${m}\n`),
  info: () => {},
  debug: (m: string) => {
    if (process.env.BENCH_DEBUG) process.stderr.write(`debug ${m}\n`);
  },
  child: () => quietLogger,
};

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function summary(values: number[]) {
  return `p50 ${percentile(values, 50).toFixed(2)} ms · p95 ${percentile(
    values,
    95,
  ).toFixed(2)} ms · p99 ${percentile(values, 99).toFixed(
    2,
  )} ms · max ${Math.max(...values).toFixed(2)} ms (n=${values.length})`;
}

/** Zipf-distributed index in [0, n): rank r has weight 1 / (r + 1). */
function zipfSampler(n: number, seed: number) {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1);
    cumulative.push(total);
  }
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function entityOf(svc: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: svc,
      namespace: 'default',
      annotations: { 'gitops/service': svc },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

function detailCalls(calls: Counter) {
  return (
    (calls.syncwindows ?? 0) +
    (calls.resource ?? 0) +
    (calls['resource-tree'] ?? 0) +
    (calls.other ?? 0)
  );
}

// ---------------------------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------------------------

async function main() {
  const fleet = new Fleet();
  await fleet.start();
  const names = Array.from(fleet.instances.keys());
  const config = readGitOpsConfig(
    new ConfigReader({
      gitops: {
        repository: { url: 'https://github.com/acme/gitops' },
        environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }],
        argocd: {
          instances: names.map(name => ({
            name,
            url: `${fleet.url}/argocd/${name}`,
            token: `token-${name}`,
          })),
        },
      },
    }),
  );
  const cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'gitops',
  );
  const index = ApplicationIndex.fromConfig(config, {
    logger: quietLogger,
    cache,
  });
  const details = new TargetDetailsService({
    index,
    cache,
    logger: quietLogger,
  });
  const status = EntityStatusService.create({
    config,
    index,
    details,
    logger: quietLogger,
    desiredState: {
      getDesiredState: async () => ({ digest: DIGEST, commit: null }),
    },
  });
  const statusBody = async (entity: Entity) => {
    const body = JSON.stringify(await status.getEntityStatus(entity));
    return {
      body,
      etag: createHash('sha256').update(body).digest('base64url'),
    };
  };

  console.log(
    `Fleet: ${names.length} instances × ${
      2 * SERVICES_PER_PAIR
    } applications, ${LATENCY_MS} ms per Argo CD call`,
  );
  const startedAt = performance.now();
  index.start();
  await index.settled();
  const indexed = names.reduce(
    (n, name) => n + (index.instanceState(name)?.applications ?? 0),
    0,
  );
  console.log(
    `Index: ${indexed} applications from ${names.length} instances in ${(
      performance.now() - startedAt
    ).toFixed(0)} ms (lists: ${fleet.calls.list}, watch streams: ${
      fleet.calls.watch
    })`,
  );

  // Background churn on the watch streams during the workload.
  let churn = 0;
  const churnTimer = setInterval(() => {
    for (let i = 0; i < BACKGROUND_EVENTS_PER_SECOND / 10; i++) {
      const pair = churn % INSTANCE_PAIRS;
      const svc = service(
        pair * SERVICES_PER_PAIR + ((churn * 7919) % SERVICES_PER_PAIR),
      );
      fleet.modify(
        `nonprod-${pair}`,
        `${svc}-dev`,
        churn % 2 ? 'Healthy' : 'Progressing',
      );
      churn++;
    }
  }, 100);

  // Workload: page views (one request and polls), CONCURRENCY views at a time.
  const sample = zipfSampler(PAGE_VIEWS * 10, 42);
  const totalServices = INSTANCE_PAIRS * SERVICES_PER_PAIR;
  const views = Array.from({ length: PAGE_VIEWS }, () =>
    service(sample() % totalServices),
  );
  const firstView: number[] = [];
  const polls: number[] = [];
  const all: number[] = [];
  const callsBefore = detailCalls(fleet.calls);
  const workloadStarted = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < views.length) {
      const entity = entityOf(views[next++]);
      for (let request = 0; request <= POLLS_PER_VIEW; request++) {
        // a request arrives as a new task, as from the network: I/O runs in between
        await new Promise(resolve => setImmediate(resolve));
        const t0 = performance.now();
        await statusBody(entity);
        const ms = performance.now() - t0;
        all.push(ms);
        (request === 0 ? firstView : polls).push(ms);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const workloadMs = performance.now() - workloadStarted;
  clearInterval(churnTimer);
  // count the refreshes the workload started, too
  await details.whenIdle();
  const calls = detailCalls(fleet.calls) - callsBefore;
  const distinct = new Set(views).size;

  console.log(
    `\nWorkload: ${PAGE_VIEWS} page views of ${distinct} distinct services (Zipf), ${
      POLLS_PER_VIEW + 1
    } status requests each, ${CONCURRENCY} at a time, ${churn} watch events meanwhile, ${(
      workloadMs / 1000
    ).toFixed(1)} s`,
  );
  console.log(`Status latency, all requests:     ${summary(all)}`);
  console.log(`Status latency, first page view:  ${summary(firstView)}`);
  console.log(`Status latency, polls:            ${summary(polls)}`);
  console.log(
    `Argo CD calls per status request: ${(calls / all.length).toFixed(
      3,
    )} (${calls} detail calls: ${['syncwindows', 'resource', 'resource-tree']
      .map(k => `${k} ${fleet.calls[k] ?? 0}`)
      .join(', ')}; lists ${fleet.calls.list}, watches ${fleet.calls.watch})`,
  );

  // Worst case: every request is the first view of a service nobody looked at yet.
  const unseen = Array.from({ length: COLD_VIEWS }, (_, i) =>
    service(totalServices - 1 - i),
  ).filter(svc => !views.includes(svc));
  const coldLatency: number[] = [];
  const coldBefore = detailCalls(fleet.calls);
  for (const svc of unseen) {
    await new Promise(resolve => setImmediate(resolve));
    const t0 = performance.now();
    await statusBody(entityOf(svc));
    coldLatency.push(performance.now() - t0);
  }
  await details.whenIdle();
  const coldCalls = detailCalls(fleet.calls) - coldBefore;
  console.log(
    `\nWorst case, ${unseen.length} first views of services never viewed before:`,
  );
  console.log(`Status latency:                   ${summary(coldLatency)}`);
  console.log(
    `Argo CD calls per status request: ${(coldCalls / unseen.length).toFixed(
      3,
    )} (read in the background; the status does not wait for them)`,
  );

  // Watch-to-status delay: an event on the stream until the entity status shows it.
  const delays: number[] = [];
  for (let i = 0; i < WATCH_SAMPLES; i++) {
    const svc = views[i];
    const pair = Math.floor(Number(svc.slice(4)) / SERVICES_PER_PAIR);
    const entity = entityOf(svc);
    await statusBody(entity); // warm
    const health = i % 2 ? 'Degraded' : 'Suspended';
    const t0 = performance.now();
    fleet.modify(`prod-${pair}`, `${svc}-prod-a`, health);
    for (;;) {
      const current = await status.getEntityStatus(entity);
      const target = current.environments
        .find(e => e.name === 'prod')
        ?.targets.find(t => t.application.name === `${svc}-prod-a`);
      if (target?.health.status === health) break;
      await new Promise(resolve => setTimeout(resolve, 2));
    }
    delays.push(performance.now() - t0);
  }
  console.log(`Watch event → status:             ${summary(delays)}`);

  await index.stop();
  await fleet.stop();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
