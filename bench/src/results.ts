import type { BackendKind } from './backends';
import type { FreshnessTrial } from './measure/freshness';
import type { Summary } from './measure/stats';
import type { BenchPlan, Scale } from './sizes';

/** One pass over every entity's view. */
export interface PassResult {
  concurrency: number;
  views: number;
  wallMs: number;
  /** Time to all data of one view, in milliseconds. */
  timeToData: Summary;
  /** Time until sync and health of every application were known (before history etc.). */
  timeToStatus: Summary;
  /** Duration of each kind of request of the views (`status`, `revision`, …). */
  requestTimes: Record<string, Summary>;
  /** Every view's time to all data, in entity order. */
  durationsMs: number[];
  /** Requests the browser would send per view. */
  requestsPerView: number;
  failedRequestsPerView: number;
  /** Share of views whose first answers lacked details that came on the event stream (ours). */
  completedLaterShare: number;
  /** Argo CD calls counted by the sandbox during the pass, per view. */
  argocdCallsPerView: number;
  githubCallsPerView: number;
  /** Argo CD calls of the pass per endpoint (all instances). */
  argocdCallsByEndpoint: Record<string, number>;
  /**
   * CPU time (user + system) the backend process spent during the pass, per view, in
   * milliseconds: what the latency at concurrency is made of, and far less noisy than it.
   */
  backendCpuMsPerView?: number;
}

/** One backend at one scale. */
export interface BackendRun {
  kind: BackendKind;
  package: string;
  ok: boolean;
  error?: string;
  /** From process start until the first view showed every probe entity's applications. */
  readyMs?: number;
  /** Argo CD calls from process start until ready (initial lists, watches). */
  startupArgocdCalls?: number;
  view?: { requests: string[]; sessionRequests: string[]; excluded: string[] };
  /** Every entity viewed once, one at a time, right after start (our caches cold). */
  firstVisit?: PassResult;
  /** Every entity again, one at a time. */
  sequential?: PassResult;
  /** Our deployment timeline (git history of the first environment), one at a time. */
  timeline?: PassResult;
  concurrent?: PassResult;
  freshness?: {
    trials: FreshnessTrial[];
    polled: Summary;
    pushed?: Summary;
  };
  /** Applications the views showed vs the sandbox's count for those entities. */
  applications?: { expected: number; shown: number; entitiesDiffering: number };
  memory?: { readyRssMb?: number; peakRssMb?: number };
}

/** Every backend at one scale. */
export interface ScaleRun {
  scale: Scale;
  /** Instances configured in the plugins (the sandbox may run more; they are never called). */
  instances: string[];
  /** Applications and services on the configured instances. */
  applications: number;
  services: number;
  entities: number;
  /** Revision metadata was answered by the bench's front, not by the sandbox. */
  revisionMetadataByFront: boolean;
  /**
   * Peak RSS of the same backend process without any Argo CD plugin (core services, catalog
   * with the same entities), subtracted in the table to show each plugin's own memory.
   */
  baseline?: { peakRssMb?: number; error?: string };
  backends: BackendRun[];
}

/** The raw figures of a run (`bench/results/latest.json`). */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1, 5 and 15 minute load averages when the run started and when it ended. */
    loadAverageAtStart: number[];
    loadAverage: number[];
  };
  plan: BenchPlan;
  scales: ScaleRun[];
}
