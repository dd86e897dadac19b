/** A pending timer of the {@link Scheduler}. */
export interface ScheduledTask {
  cancel(): void;
}

/**
 * Drives every delay of the sandbox (auto-sync, sync operations, canary steps, self-heal) at a
 * chosen speed: with `speed` 20 a 30-second canary takes 1.5 seconds, so tests run in seconds
 * while the demo keeps real timing. Timestamps stay real wall-clock times.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly speed: number) {
    if (!(speed > 0) || !Number.isFinite(speed)) {
      throw new Error(`speed must be a positive number, got ${speed}`);
    }
  }

  /** Milliseconds of real time that `ms` of sandbox time take. */
  scale(ms: number): number {
    return Math.max(0, Math.round(ms / this.speed));
  }

  /** Runs `task` after `ms` of sandbox time; errors go to `onError`. */
  after(
    ms: number,
    task: () => void | Promise<void>,
    onError: (error: unknown) => void = () => {},
  ): ScheduledTask {
    if (this.stopped) {
      return { cancel() {} };
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        Promise.resolve(task()).catch(onError);
      } catch (error) {
        onError(error);
      }
    }, this.scale(ms));
    this.timers.add(timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      },
    };
  }

  /** The current time as an RFC 3339 string without fractional seconds, as Kubernetes writes it. */
  nowIso(): string {
    return toKubeTime(Date.now());
  }

  /** Cancels every pending timer; no new timer starts afterwards. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }

  /** Cancels every pending timer but keeps accepting new ones (used by reset). */
  cancelAll(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}

/** Kubernetes `metav1.Time`: RFC 3339, second precision, UTC. */
export function toKubeTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000)
    .toISOString()
    .slice(0, 19)}Z`;
}
