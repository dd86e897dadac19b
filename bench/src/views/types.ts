import type { HttpAnswer, HttpClient } from './HttpClient';

/** A catalog entity of the benchmark: one service of the sandbox's fleet. */
export interface BenchEntity {
  /** Entity name (= service name), kind Component, namespace default. */
  name: string;
  /** Label selector the peers' annotation carries. */
  selector: string;
  /** Instances (configured ones) that hold at least one of its applications. */
  instances: string[];
  /** Its applications, as the sandbox lists them. */
  applications: Array<{ instance: string; name: string }>;
}

/** What the benchmark compares of one application across backends. */
export interface AppFingerprint {
  instance: string;
  name: string;
  sync: string | null;
  revision: string | null;
  health: string | null;
}

/** One rendered entity view. */
export interface ViewResult {
  /** From the first request to the last answer of the view. */
  durationMs: number;
  /** From the first request until sync and health of every application were known. */
  statusMs: number;
  requests: number;
  /** Requests answered with an HTTP error (or not at all). */
  failedRequests: number;
  /** Applications the view shows, with their state. */
  applications: AppFingerprint[];
  /** The first answers lacked details that arrived later on the event stream (ours). */
  completedLater?: boolean;
  /** Duration of each request, by kind (`status`, `revision`, …). */
  requestTimes: Array<{ kind: string; ms: number }>;
}

/**
 * The requests one plugin's frontend makes to render its entity view, replayed with the
 * same dependencies and parallelism as the published frontend code.
 */
export interface EntityView {
  /** What the view requests, for the report (one line per request kind). */
  readonly requests: string[];
  /** Requests made once per browser session, not per view (done by `prepare`). */
  readonly sessionRequests: string[];
  /** Once before any view: session requests, probes of optional routes. */
  prepare(sample: BenchEntity): Promise<void>;
  render(entity: BenchEntity): Promise<ViewResult>;
  /** Only the part of the view that shows sync and health (freshness polling). */
  readState(entity: BenchEntity): Promise<AppFingerprint[]>;
}

/** Counts and times the requests of one view. */
export class ViewRecorder {
  requests = 0;
  failedRequests = 0;
  private readonly started = performance.now();
  private readonly times: Array<{ kind: string; ms: number }> = [];
  private statusAt: number | undefined;

  constructor(private readonly client: HttpClient) {}

  /**
   * GET, timed under `kind`; an HTTP error or a network failure counts as a failed request
   * and gives undefined.
   */
  async get<T>(kind: string, path: string): Promise<T | undefined> {
    this.requests += 1;
    const started = performance.now();
    let answer: HttpAnswer<T>;
    try {
      answer = await this.client.get<T>(path);
    } catch {
      this.failedRequests += 1;
      return undefined;
    } finally {
      this.times.push({ kind, ms: performance.now() - started });
    }
    if (answer.status >= 400) {
      this.failedRequests += 1;
      return undefined;
    }
    return answer.body;
  }

  /** Times a request that is not a plain GET (an event stream), under `kind`. */
  async time<T>(kind: string, run: () => Promise<T>): Promise<T> {
    this.requests += 1;
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.times.push({ kind, ms: performance.now() - started });
    }
  }

  /** Sync and health of every application are known now (the rest of the view may follow). */
  markStatus(): void {
    this.statusAt ??= performance.now();
  }

  finish(applications: AppFingerprint[]): ViewResult {
    const now = performance.now();
    return {
      durationMs: now - this.started,
      statusMs: (this.statusAt ?? now) - this.started,
      requests: this.requests,
      failedRequests: this.failedRequests,
      applications,
      requestTimes: this.times,
    };
  }
}

/** An Argo CD Application as the peers pass it through (only what the benchmark reads). */
export interface PassedThroughApplication {
  metadata: {
    name: string;
    namespace?: string;
    instance?: { name: string; url?: string } | string;
  };
  spec?: { source?: { chart?: string }; sources?: Array<{ chart?: string }> };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    history?: Array<{
      revision?: string;
      revisions?: string[];
      deployedAt?: string;
      source?: { chart?: string };
      sources?: Array<{ chart?: string }>;
    }>;
  };
}

/** The fingerprint of a passed-through application. */
export function fingerprintOf(
  app: PassedThroughApplication,
  fallbackInstance: string,
): AppFingerprint {
  const instance =
    typeof app.metadata.instance === 'string'
      ? app.metadata.instance
      : app.metadata.instance?.name ?? fallbackInstance;
  return {
    instance,
    name: app.metadata.name,
    sync: app.status?.sync?.status ?? null,
    revision: app.status?.sync?.revision ?? null,
    health: app.status?.health?.status ?? null,
  };
}
