import { startSandbox } from '@gitops-portal/gitops-sandbox';
import { RevisionMetadataFront } from '../sandbox/RevisionMetadataFront';
import { runChild } from './runChild';

/** What the sandbox child reports when it listens. */
export interface SandboxReady {
  url: string;
  argocd: Array<{ name: string; url: string; token: string }>;
  /** `integrations` and `gitops` config of our backend for this sandbox. */
  backstageConfig: Record<string, unknown>;
  /** True when the bench's front answers revision metadata (the sandbox does not). */
  revisionMetadataByFront: boolean;
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
 * applications, the added latency) never shares an event loop with the measuring client,
 * behind the {@link RevisionMetadataFront}.
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
  let front: RevisionMetadataFront;
  try {
    front = await RevisionMetadataFront.start({
      sandboxUrl: sandbox.url,
      instances: sandbox.argocd,
      latencyMs: options.latencyMs,
    });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  // Every backend reaches Argo CD through the front, the same way. Only the instance URLs
  // change: the applications name the repository by the sandbox's own URL, and our backend
  // matches them against its configured repository.
  const viaFront = (
    instances: SandboxReady['argocd'],
  ): SandboxReady['argocd'] =>
    instances.map(i => ({ ...i, url: i.url.replace(sandbox.url, front.url) }));
  const config = sandbox.backstageConfig();
  return {
    ready: {
      url: front.url,
      argocd: viaFront(sandbox.argocd),
      backstageConfig: {
        ...config,
        gitops: {
          ...config.gitops,
          argocd: {
            ...config.gitops.argocd,
            instances: viaFront(config.gitops.argocd.instances),
          },
        },
      },
      revisionMetadataByFront: front.answering,
    },
    stop: async () => {
      await front.stop();
      await sandbox.stop();
    },
  };
});
