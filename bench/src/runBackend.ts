import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  type ArgoInstanceConfig,
  BACKEND_NODE_OPTIONS,
  BACKEND_PACKAGES,
  type BackendKind,
  type ProcessKind,
  backendConfig,
} from './backends';
import { catalogFile } from './catalogFile';
import { type FreshnessTarget, measureFreshness } from './measure/freshness';
import { runViews, type ViewPass } from './measure/runViews';
import { summarize } from './measure/stats';
import { benchPath } from './paths';
import { ChildProcessHandle } from './processes/ChildProcessHandle';
import type { BackendReady } from './processes/backendProcess';
import type { BackendRun, PassResult } from './results';
import { type SandboxClient, totalsOf } from './sandbox/SandboxClient';
import type { BenchPlan } from './sizes';
import { CommunityView } from './views/communityView';
import { HttpClient } from './views/HttpClient';
import { OursView } from './views/oursView';
import { RoadieView } from './views/roadieView';
import type { BenchEntity, EntityView } from './views/types';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until the check returns true; throws with the description after the timeout. */
async function waitFor(
  description: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(
    `${description} did not happen within ${timeoutMs} ms${
      lastError ? ` (last error: ${(lastError as Error).message})` : ''
    }`,
  );
}

function viewOf(kind: BackendKind, client: HttpClient): EntityView {
  switch (kind) {
    case 'ours':
      return new OursView(client);
    case 'roadie':
      return new RoadieView(client);
    case 'community':
      return new CommunityView(client);
    default:
      throw new Error(`unknown backend ${kind satisfies never}`);
  }
}

/** Context of one scale, shared by its backends. */
export interface ScaleContext {
  plan: BenchPlan;
  workDir: string;
  sandbox: SandboxClient;
  instances: ArgoInstanceConfig[];
  oursConfig: Record<string, unknown>;
  entities: BenchEntity[];
  /** Targets of the freshness trials of this backend (distinct per backend). */
  freshnessTargets: FreshnessTarget[];
  /** Backend start and readiness budget. */
  readyTimeoutMs: number;
  log: (line: string) => void;
}

function requestTimesOf(pass: ViewPass): PassResult['requestTimes'] {
  const byKind = new Map<string, number[]>();
  for (const result of pass.results) {
    for (const { kind, ms } of result.requestTimes) {
      if (!byKind.has(kind)) byKind.set(kind, []);
      byKind.get(kind)!.push(ms);
    }
  }
  return Object.fromEntries(
    [...byKind].map(([kind, ms]) => [kind, summarize(ms)]),
  );
}

async function measurePass(
  context: ScaleContext,
  view: EntityView,
  concurrency: number,
  backend: ChildProcessHandle<BackendReady>,
): Promise<{ result: PassResult; pass: ViewPass }> {
  await context.sandbox.resetCounters();
  const cpuBefore = backend.cpuMs();
  const pass: ViewPass = await runViews(
    entity => view.render(entity),
    context.entities,
    concurrency,
  );
  const cpuAfter = backend.cpuMs();
  const result = await passResult(context, pass);
  if (cpuBefore !== undefined && cpuAfter !== undefined) {
    result.backendCpuMsPerView = (cpuAfter - cpuBefore) / pass.results.length;
  }
  return { result, pass };
}

async function passResult(
  context: ScaleContext,
  pass: ViewPass,
): Promise<PassResult> {
  const concurrency = pass.concurrency;
  const totals = totalsOf(await context.sandbox.counters());
  const views = pass.results.length;
  const sum = (pick: (r: (typeof pass.results)[number]) => number) =>
    pass.results.reduce((s, r) => s + pick(r), 0);
  const durationsMs = pass.results.map(
    r => Math.round(r.durationMs * 100) / 100,
  );
  return {
    concurrency,
    views,
    wallMs: Math.round(pass.wallMs),
    timeToData: summarize(durationsMs),
    timeToStatus: summarize(pass.results.map(r => r.statusMs)),
    requestTimes: requestTimesOf(pass),
    durationsMs,
    requestsPerView: sum(r => r.requests) / views,
    failedRequestsPerView: sum(r => r.failedRequests) / views,
    completedLaterShare: sum(r => (r.completedLater ? 1 : 0)) / views,
    argocdCallsPerView: totals.argocd / views,
    githubCallsPerView: totals.github / views,
    argocdCallsByEndpoint: totals.argocdByEndpoint,
  };
}

/** A started backend process and the harness's client of it. */
interface StartedBackend {
  process: ChildProcessHandle<BackendReady>;
  client: HttpClient;
  port: number;
}

/**
 * Writes the catalog and config of one backend process, starts it and waits until its
 * catalog holds every entity. Closes what it opened when it fails.
 */
async function startBackend(
  kind: ProcessKind,
  context: ScaleContext,
): Promise<StartedBackend> {
  const { entities, log } = context;
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const catalogPath = join(context.workDir, `catalog-${kind}.yaml`);
  const configPath = join(context.workDir, `app-config-${kind}.json`);
  await writeFile(catalogPath, catalogFile(kind, entities));
  await writeFile(
    configPath,
    JSON.stringify(
      backendConfig({
        kind,
        endpoint: { port, token },
        catalogFile: catalogPath,
        instances: context.instances,
        oursConfig: context.oursConfig,
      }),
      null,
      2,
    ),
  );
  const client = new HttpClient(`http://127.0.0.1:${port}`, token);
  let backend: ChildProcessHandle<BackendReady> | undefined;
  try {
    log(`${kind}: starting the backend on port ${port}`);
    backend = await ChildProcessHandle.start<BackendReady>({
      name: `${kind} backend`,
      script: benchPath('src', 'processes', 'backendProcess.ts'),
      args: ['--config', configPath],
      env: { BENCH_BACKEND: kind, NODE_ENV: 'production' },
      cwd: benchPath(),
      logFile: join(context.workDir, `backend-${kind}.log`),
      readyTimeoutMs: context.readyTimeoutMs,
      nodeOptions: BACKEND_NODE_OPTIONS,
    });
    await waitFor(
      `${kind}: the catalog holding ${entities.length} entities`,
      context.readyTimeoutMs,
      async () => {
        const answer = await client.get<unknown[]>(
          '/api/catalog/entities?filter=kind=component&fields=metadata.name',
        );
        return (
          Array.isArray(answer.body) && answer.body.length >= entities.length
        );
      },
    );
    return { process: backend, client, port };
  } catch (error) {
    await client.close();
    await backend?.stop();
    throw error;
  }
}

/**
 * Peak RSS of the baseline process (core services and the catalog with the same entities, no
 * Argo CD plugin), after its catalog is loaded and it has idled for a moment.
 */
export async function measureBaseline(
  context: ScaleContext,
): Promise<{ peakRssMb: number } | { error: string }> {
  let started: StartedBackend | undefined;
  try {
    started = await startBackend('baseline', context);
    await sleep(3000);
    return { peakRssMb: (started.process.peakRssBytes() ?? NaN) / MB };
  } catch (error) {
    return { error: String((error as Error)?.message ?? error) };
  } finally {
    await started?.client.close();
    await started?.process.stop();
  }
}

/**
 * One backend at one scale, alone against the sandbox: starts its process (catalog + the
 * plugin), waits until its views show the probe entities' applications, warms up on those,
 * then measures the first visits, a sequential pass, a concurrent pass and the freshness
 * trials, and reads its peak RSS. The process is stopped at the end, also on failure.
 */
export async function runBackend(
  kind: BackendKind,
  context: ScaleContext,
): Promise<BackendRun> {
  const { plan, entities, log } = context;
  const run: BackendRun = { kind, package: BACKEND_PACKAGES[kind], ok: false };
  let started: StartedBackend | undefined;
  const startedAt = performance.now();
  try {
    await context.sandbox.resetCounters();
    started = await startBackend(kind, context);
    const { client } = started;
    const backend = started.process;
    const view = viewOf(kind, client);
    await view.prepare(entities[0]);
    const probes = [
      ...new Set([0, Math.floor(entities.length / 2), entities.length - 1]),
    ].map(i => entities[i]);
    await waitFor(
      `${kind}: views showing every application of the probe entities`,
      context.readyTimeoutMs,
      async () => {
        for (const probe of probes) {
          const apps = await view.readState(probe);
          if (apps.length < probe.applications.length) return false;
        }
        return true;
      },
    );
    run.readyMs = Math.round(performance.now() - startedAt);
    run.startupArgocdCalls = totalsOf(await context.sandbox.counters()).argocd;
    run.memory = { readyRssMb: (backend.rssBytes() ?? NaN) / MB };
    run.view = {
      requests: view.requests,
      sessionRequests: view.sessionRequests,
      excluded: view instanceof OursView ? view.excluded : [],
    };
    log(`${kind}: ready in ${run.readyMs} ms; warming up`);

    // Warm-up (connections, JIT) on the probe entities only: every other entity's first view
    // is a first visit. Once one at a time, then at the concurrent pass's concurrency, so that
    // the harness's keep-alive connections are open before any pass (opening 40 at once
    // otherwise lands in the first views of the concurrent pass, for every backend alike).
    const warmup = Array.from(
      { length: plan.warmupViews },
      (_, i) => probes[i % probes.length],
    );
    await runViews(entity => view.render(entity), warmup, 1);
    await runViews(entity => view.render(entity), warmup, plan.concurrency);
    log(`${kind}: ${entities.length} first visits one after the other`);
    run.firstVisit = (await measurePass(context, view, 1, backend)).result;
    log(`${kind}: ${entities.length} views one after the other`);
    const sequential = await measurePass(context, view, 1, backend);
    run.sequential = sequential.result;
    log(`${kind}: ${entities.length} views, ${plan.concurrency} at a time`);
    run.concurrent = (
      await measurePass(context, view, plan.concurrency, backend)
    ).result;
    if (view instanceof OursView && view.servesTimeline) {
      log(
        `${kind}: ${entities.length} deployment timelines one after the other`,
      );
      await context.sandbox.resetCounters();
      run.timeline = await passResult(
        context,
        await runViews(entity => view.renderTimeline(entity), entities, 1),
      );
    }

    run.applications = {
      expected: entities.reduce((s, e) => s + e.applications.length, 0),
      shown: sequential.pass.results.reduce(
        (s, r) => s + r.applications.length,
        0,
      ),
      entitiesDiffering: sequential.pass.results.filter(
        (r, i) => r.applications.length !== entities[i].applications.length,
      ).length,
    };

    log(`${kind}: ${context.freshnessTargets.length} freshness trials`);
    const trials = await measureFreshness({
      view,
      events: view instanceof OursView ? view : undefined,
      sandbox: context.sandbox,
      targets: context.freshnessTargets,
      timeoutMs: plan.freshnessTimeoutMs,
    });
    const polled = trials.flatMap(t =>
      t.polledMs === null ? [] : [t.polledMs],
    );
    const pushed = trials.flatMap(t =>
      t.pushedMs === null || t.pushedMs === undefined ? [] : [t.pushedMs],
    );
    run.freshness = {
      trials,
      polled: summarize(polled),
      ...(view instanceof OursView ? { pushed: summarize(pushed) } : {}),
    };
    run.memory.peakRssMb = (backend.peakRssBytes() ?? NaN) / MB;
    run.ok = true;
  } catch (error) {
    run.error = String((error as Error)?.message ?? error);
    log(`${kind}: FAILED: ${run.error}`);
    if (started && run.memory) {
      run.memory.peakRssMb = (started.process.peakRssBytes() ?? NaN) / MB;
    }
  } finally {
    await started?.client.close();
    await started?.process.stop();
  }
  return run;
}
