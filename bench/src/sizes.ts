/** One fleet the benchmark runs against: Argo CD instances × applications on each. */
export interface Scale {
  /** Short label used in the table, e.g. `10 × 2,000`. */
  label: string;
  instances: number;
  appsPerInstance: number;
}

/** Everything a run does, derived from `--size`. */
export interface BenchPlan {
  size: BenchSize;
  /** Fleets, measured one after the other (large first, then the small case). */
  scales: Scale[];
  /** Latency the sandbox adds to every Argo CD call, in milliseconds. */
  latencyMs: number;
  /** Entities whose views are replayed (fewer when the fleet has fewer services). */
  entities: number;
  /** Views in flight at once in the concurrent pass. */
  concurrency: number;
  /** Views replayed before measuring (connections, JIT, caches), not counted. */
  warmupViews: number;
  /** Freshness trials per backend and scale. */
  freshnessTrials: number;
  /** Give up on one freshness trial after this long. */
  freshnessTimeoutMs: number;
}

/** The sizes of `yarn bench --size`. */
export type BenchSize = 'tiny' | 'small' | 'full';

/** Formats 2000 as `2,000`. */
function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

function scale(instances: number, appsPerInstance: number): Scale {
  return {
    label: `${instances} × ${thousands(appsPerInstance)}`,
    instances,
    appsPerInstance,
  };
}

/**
 * The plan of a size:
 * - `full`: 10 instances × 2,000 applications, then 1 × 200, 50 ms added to every Argo CD call,
 *   200 entities, 20 views at a time (the figures);
 * - `small`: only the 1 × 200 case, same latency;
 * - `tiny`: 2 × 20 without added latency, to prove in CI that the harness still works.
 */
export function planFor(size: BenchSize): BenchPlan {
  switch (size) {
    case 'full':
      return {
        size,
        scales: [scale(10, 2000), scale(1, 200)],
        latencyMs: 50,
        entities: 200,
        concurrency: 20,
        warmupViews: 20,
        freshnessTrials: 5,
        freshnessTimeoutMs: 30_000,
      };
    case 'small':
      return {
        size,
        scales: [scale(1, 200)],
        latencyMs: 50,
        entities: 200,
        concurrency: 20,
        warmupViews: 20,
        freshnessTrials: 5,
        freshnessTimeoutMs: 30_000,
      };
    case 'tiny':
      return {
        size,
        scales: [scale(2, 20)],
        latencyMs: 0,
        entities: 200,
        concurrency: 20,
        warmupViews: 2,
        freshnessTrials: 2,
        freshnessTimeoutMs: 15_000,
      };
    default:
      throw new Error(`Unknown size "${size}": use tiny, small or full`);
  }
}

/** True when the text names a size. */
export function isBenchSize(text: string): text is BenchSize {
  return text === 'tiny' || text === 'small' || text === 'full';
}
