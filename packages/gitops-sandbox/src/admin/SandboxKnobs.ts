/** Calls per endpoint, per Argo CD instance and for `github`. */
export type SandboxCounters = Record<string, Record<string, number>>;

/** One application in {@link SandboxState}. */
export interface SandboxAppState {
  name: string;
  sync: string;
  health: string;
  /** The image digest running as stable, when known. */
  digest?: string;
  /** Rollout phase and step (`canary 3/6`), when a rollout is in progress. */
  rollout?: string;
  operation?: string;
  automated?: boolean;
  selfHeal?: boolean;
  synthetic?: boolean;
}

/** A summary of the sandbox, for the dashboard, the CLI and tests. */
export interface SandboxState {
  url: string;
  speed: number;
  repoDir: string;
  head: string | null;
  badDigests: string[];
  instances: Array<{
    name: string;
    environments: string[];
    stopped: boolean;
    latencyMs: number;
    syncWindowActive: boolean;
    applicationCount: number;
    watchers: number;
    /** Modeled applications (the synthetic ones of the scale mode are counted only). */
    applications: SandboxAppState[];
  }>;
  pulls: Array<{
    number: number;
    title: string;
    state: string;
    merged: boolean;
    head: string;
    base: string;
    url: string;
  }>;
  scale: { instances: number; appsPerInstance: number } | null;
}

/**
 * The sandbox's knobs for demos, tests and benchmarks; the admin API (`/admin/...`) and the CLI
 * call the same operations. Unknown applications or instances are 404s, bad values 400s.
 */
export interface SandboxKnobs {
  /** Sets the live replicas of an application's workload (drift: OutOfSync with a real diff). */
  drift(options: {
    application: string;
    resource?: string;
    replicas: number;
  }): Promise<void>;
  /** Turns self-heal on or off for an application. */
  selfHeal(options: { application: string; enabled: boolean }): Promise<void>;
  /** Marks a digest bad (its rollout analysis fails and the rollout aborts), or good again. */
  badDigest(options: { digest: string; bad?: boolean }): Promise<void>;
  /** Opens (`active: true`, a freeze) or closes the deny sync window of an instance. */
  syncWindow(options: { instance: string; active: boolean }): Promise<void>;
  /** Turns auto-sync on or off for one application or every application of an instance. */
  autoSync(options: {
    application?: string;
    instance?: string;
    enabled: boolean;
  }): Promise<void>;
  /** Stops an instance: its API drops every connection until started again. */
  stopInstance(name: string): Promise<void>;
  startInstance(name: string): Promise<void>;
  /** Adds latency to one instance's answers, or every instance's when no instance is given. */
  latency(options: { instance?: string; ms: number }): Promise<void>;
  /** N instances × M synthetic applications each (0 apps: back to the demo alone). */
  scale(options: { instances: number; appsPerInstance: number }): Promise<void>;
  /** Back to the seeded repository and state. */
  reset(): Promise<void>;
  /** Merges a pull request as a reviewer would. */
  mergePull(number: number): Promise<{ sha: string }>;
  closePull(number: number): Promise<void>;
  /** Opens or closes the preview application of a pull request on a service's code. */
  preview(options: {
    service: string;
    number: number;
    open: boolean;
  }): Promise<void>;
  /** Syncs an application now (like `POST .../sync`, sync windows apply). */
  sync(options: { instance?: string; application: string }): Promise<void>;
  counters(): SandboxCounters;
  resetCounters(): void;
  state(): Promise<SandboxState>;
}
