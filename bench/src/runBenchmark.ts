import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  BACKEND_KINDS,
  type ArgoInstanceConfig,
  type BackendKind,
} from './backends';
import type { FreshnessTarget } from './measure/freshness';
import { benchPath } from './paths';
import { ChildProcessHandle } from './processes/ChildProcessHandle';
import type {
  SandboxChildOptions,
  SandboxReady,
} from './processes/sandboxProcess';
import type { BenchResults, ScaleRun } from './results';
import { measureBaseline, runBackend, type ScaleContext } from './runBackend';
import { discoverEntities } from './sandbox/fleet';
import { SandboxClient } from './sandbox/SandboxClient';
import type { BenchPlan, Scale } from './sizes';
import type { BenchEntity } from './views/types';

/** Options of {@link runBenchmark}. */
export interface RunOptions {
  plan: BenchPlan;
  /** Backends to measure (default all three, in table order). */
  backends?: BackendKind[];
  /**
   * Folder for logs, catalogs, configs and the sandbox's repository (default: a temp dir,
   * removed at the end unless something failed).
   */
  workDir?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Also measure the baseline process for the memory rows (default true). */
  baseline?: boolean;
}

/**
 * Freshness targets of one backend: distinct synthetic applications (every backend changes
 * other ones, so no trial sees another's change), spread over the entities.
 */
export function freshnessTargets(
  entities: BenchEntity[],
  backendIndex: number,
  trials: number,
): FreshnessTarget[] {
  const synthetic = entities.filter(e => e.name.startsWith('svc-'));
  const pool = (synthetic.length > 0 ? synthetic : entities).flatMap(entity =>
    entity.applications.map(app => ({
      entity,
      instance: app.instance,
      application: app.name,
    })),
  );
  const targets: FreshnessTarget[] = [];
  const count = Math.min(
    trials,
    Math.floor(pool.length / BACKEND_KINDS.length),
  );
  const stride = Math.max(
    1,
    Math.floor(pool.length / (count * BACKEND_KINDS.length)),
  );
  for (let t = 0; t < count; t++) {
    targets.push(
      pool[((t * BACKEND_KINDS.length + backendIndex) * stride) % pool.length],
    );
  }
  return targets;
}

async function runScale(
  scale: Scale,
  options: Required<RunOptions>,
  scaleIndex: number,
): Promise<ScaleRun> {
  const { plan, log } = options;
  const workDir = join(options.workDir, `scale-${scaleIndex + 1}`);
  await mkdir(workDir, { recursive: true });
  log(
    `sandbox: ${scale.instances} × ${scale.appsPerInstance} applications, ${plan.latencyMs} ms per Argo CD call`,
  );
  const sandboxOptions: SandboxChildOptions = {
    dir: join(workDir, 'sandbox'),
    instances: scale.instances,
    appsPerInstance: scale.appsPerInstance,
    latencyMs: plan.latencyMs,
  };
  const sandboxProcess = await ChildProcessHandle.start<SandboxReady>({
    name: 'sandbox',
    script: benchPath('src', 'processes', 'sandboxProcess.ts'),
    env: { BENCH_SANDBOX_OPTIONS: JSON.stringify(sandboxOptions) },
    cwd: benchPath(),
    logFile: join(workDir, 'sandbox.log'),
    readyTimeoutMs: 120_000,
  });
  const ready = sandboxProcess.ready;
  // The sandbox never runs fewer than its two default instances; the plugins are given only
  // the first `scale.instances`, so that they see exactly the planned fleet.
  const instances: ArgoInstanceConfig[] = ready.argocd.slice(
    0,
    scale.instances,
  );
  const sandbox = new SandboxClient(ready.url, instances);
  try {
    const fleet = await discoverEntities(
      sandbox,
      instances.map(i => i.name),
      plan.entities,
    );
    log(
      `sandbox: ${fleet.applications} applications of ${fleet.services} services on ${instances.length} instances; ${fleet.entities.length} entities`,
    );
    const gitops = (ready.backstageConfig.gitops ?? {}) as Record<
      string,
      unknown
    >;
    const oursConfig = {
      ...ready.backstageConfig,
      gitops: {
        ...gitops,
        argocd: {
          ...((gitops.argocd as Record<string, unknown>) ?? {}),
          instances,
        },
      },
    };
    const run: ScaleRun = {
      scale,
      instances: instances.map(i => i.name),
      applications: fleet.applications,
      services: fleet.services,
      entities: fleet.entities.length,
      revisionMetadataByFront: ready.revisionMetadataByFront,
      backends: [],
    };
    const context = (kind?: BackendKind): ScaleContext => ({
      plan,
      workDir,
      sandbox,
      instances,
      oursConfig,
      entities: fleet.entities,
      freshnessTargets: kind
        ? freshnessTargets(
            fleet.entities,
            BACKEND_KINDS.indexOf(kind),
            plan.freshnessTrials,
          )
        : [],
      readyTimeoutMs: plan.size === 'tiny' ? 60_000 : 300_000,
      log,
    });
    if (options.baseline) {
      run.baseline = await measureBaseline(context());
    }
    for (const kind of options.backends) {
      run.backends.push(await runBackend(kind, context(kind)));
    }
    return run;
  } finally {
    await sandbox.close();
    await sandboxProcess.stop();
  }
}

/**
 * The benchmark: for each scale of the plan, the sandbox in scale mode in its own process,
 * then each backend alone against it (own process, own catalog), measured the same way.
 * Every child process is stopped before this returns or throws.
 */
export async function runBenchmark(options: RunOptions): Promise<BenchResults> {
  const t0 = Date.now();
  const resolved: Required<RunOptions> = {
    plan: options.plan,
    backends: options.backends ?? BACKEND_KINDS,
    workDir:
      options.workDir ?? (await mkdtemp(join(tmpdir(), 'gitops-bench-'))),
    // eslint-disable-next-line no-console
    log:
      options.log ??
      (line =>
        console.error(
          `[bench +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`,
        )),
    baseline: options.baseline ?? true,
  };
  await mkdir(resolved.workDir, { recursive: true });
  resolved.log(`logs and configs in ${resolved.workDir}`);
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg().map(l => Math.round(l * 100) / 100);
  const scales: ScaleRun[] = [];
  let failed = true;
  try {
    for (const [i, scale] of resolved.plan.scales.entries()) {
      scales.push(await runScale(scale, resolved, i));
    }
    failed = scales.some(s => s.backends.some(b => !b.ok));
  } finally {
    // A temporary work folder goes once the run went well; its logs stay when it did not.
    if (!options.workDir && !failed) {
      await rm(resolved.workDir, { recursive: true, force: true });
    } else if (failed) {
      resolved.log(`logs kept in ${resolved.workDir}`);
    }
  }
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtStart,
      loadAverage: loadavg().map(l => Math.round(l * 100) / 100),
    },
    plan: resolved.plan,
    scales,
  };
}
