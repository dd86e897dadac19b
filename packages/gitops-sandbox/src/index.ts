/**
 * The GitOps sandbox: GitHub and two Argo CD instances played against a real local git
 * repository, for development, demos, end-to-end tests and benchmarks. Never loaded by a
 * production configuration.
 *
 * @packageDocumentation
 */

export { startSandbox } from './startSandbox';
export type {
  Sandbox,
  SandboxArgoInstance,
  SandboxOptions,
} from './startSandbox';
export type {
  SandboxAppState,
  SandboxCounters,
  SandboxKnobs,
  SandboxState,
} from './admin/SandboxKnobs';
export {
  SANDBOX_ARGOCD_PASSWORD,
  SANDBOX_GITHUB_TOKEN,
  argocdTokenOf,
  versionDigest,
  DEMO_SERVICES,
} from './demo';
export type { DemoService } from './demo';
