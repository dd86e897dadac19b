import { startSandbox } from '@gitops-portal/gitops-sandbox';
import { runChild } from './runChild';

/** What the sandbox child reports when it listens. */
export interface SandboxReady {
  url: string;
  argocd: Array<{ name: string; url: string; token: string }>;
  /** `integrations` and `gitops` config of our backend for this sandbox. */
  backstageConfig: Record<string, unknown>;
}

/** Options of the sandbox child, passed as JSON in `BENCH_SANDBOX_OPTIONS`. */
export interface SandboxChildOptions {
  dir: string;
  instances: number;
  appsPerInstance: number;
  latencyMs: number;
}

/**
 * Child entry point: the sandbox in scale mode, in its own process so that its work (20,000
 * applications, the added latency) never shares an event loop with the measuring client.
 */
runChild<SandboxReady>(async () => {
  const options: SandboxChildOptions = JSON.parse(
    process.env.BENCH_SANDBOX_OPTIONS ?? '{}',
  );
  const sandbox = await startSandbox({
    port: 0,
    dir: options.dir,
    scale: {
      instances: options.instances,
      appsPerInstance: options.appsPerInstance,
    },
    latencyMs: options.latencyMs,
    // eslint-disable-next-line no-console
    log: line => console.log(line),
  });
  return {
    ready: {
      url: sandbox.url,
      argocd: sandbox.argocd,
      backstageConfig: sandbox.backstageConfig() as Record<string, unknown>,
    },
    stop: () => sandbox.stop(),
  };
});
