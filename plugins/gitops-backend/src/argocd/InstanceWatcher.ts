import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgoCdClient, ApplicationWatchEvent } from './ArgoCdClient';
import { toGitOpsError } from './ArgoCdError';

/**
 * Backoff between reconnection attempts of a failing instance.
 *
 * @public
 */
export interface BackoffOptions {
  /** First delay, in milliseconds. Default 1000. */
  initialMs?: number;
  /** Longest delay, in milliseconds. Default 60000. */
  maxMs?: number;
}

/**
 * What the watcher does with what it reads; implemented by the index.
 *
 * @public
 */
export interface InstanceWatcherSink {
  /** Lists the instance in full and merges the result; throws when the list fails. */
  relist(signal: AbortSignal): Promise<void>;
  /** One event from the stream. */
  onEvent(event: ApplicationWatchEvent): void;
  /** The instance is working (`null`) or failing. */
  onHealth(error: unknown | null): void;
  /** The newest resourceVersion known for the instance, to resume the stream from. */
  resourceVersion(): string | null;
}

/** A stream that stayed open this long counts as stable. */
const STABLE_STREAM_MS = 10_000;

/**
 * How long a stream may send nothing before it is taken for hung, by default. Argo CD sends
 * no keep-alives, but its controller refreshes every application every 2–3 minutes
 * (`timeout.reconciliation` plus jitter), and each refresh is a MODIFIED event: an instance
 * with applications is rarely silent this long, and one without is cheap to list again.
 */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/**
 * Cuts a connection that sent nothing for a while: `touch` on every arrival restarts the
 * countdown, `stop` ends it.
 */
class IdleGuard {
  fired = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  readonly touch = (): void => {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
    this.timer.unref?.();
  };

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/**
 * Keeps one instance's part of the index current: opens Argo CD's application watch stream and
 * keeps it open, reconnecting with exponential backoff and jitter after failures.
 *
 * Argo CD does not replay past events: with a `resourceVersion` the stream carries only later
 * changes. So after every (re)subscription the instance is listed in full and merged (see
 * `InstanceApplications`), which closes the gap without keeping deleted applications. The very
 * first cycle lists before subscribing too, so that data is there as soon as possible and the
 * stream starts from that list's resourceVersion instead of re-sending every application.
 * A stream that the server ends is resumed the same way, with backoff when streams keep
 * ending right away. So is a stream that sends nothing for `idleTimeoutMs`: a connection can
 * hang without closing (a proxy or NAT that dropped it silently), and the index would then go
 * stale without an error; the catch-up list after the reconnect brings back what it missed,
 * and a reconnect or list that fails reports the instance as failing.
 *
 * @public
 */
export class InstanceWatcher {
  private readonly client: ArgoCdClient;
  private readonly sink: InstanceWatcherSink;
  private readonly logger: LoggerService;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly idleTimeoutMs: number;
  private readonly controller = new AbortController();
  private loop?: Promise<void>;
  private resolveFirstAttempt!: () => void;
  /** Settles once the first attempt to read the instance succeeded or failed. */
  readonly firstAttempt: Promise<void>;

  constructor(options: {
    client: ArgoCdClient;
    sink: InstanceWatcherSink;
    logger: LoggerService;
    backoff?: BackoffOptions;
    /** Longest silence of the stream before it is reconnected, in ms. Default 120000. */
    idleTimeoutMs?: number;
  }) {
    this.client = options.client;
    this.sink = options.sink;
    this.logger = options.logger;
    this.initialMs = options.backoff?.initialMs ?? 1000;
    this.maxMs = options.backoff?.maxMs ?? 60_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.firstAttempt = new Promise(resolve => {
      this.resolveFirstAttempt = resolve;
    });
  }

  start(): void {
    if (!this.loop) {
      this.loop = this.run();
    }
  }

  /** Closes the stream and waits for the loop to end. */
  async stop(): Promise<void> {
    this.controller.abort();
    this.resolveFirstAttempt();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    let shortStreams = 0;
    let listed = false;
    while (!signal.aborted) {
      let connection: AbortController | undefined;
      try {
        if (!listed) {
          await this.sink.relist(signal);
          listed = true;
        }
        const current = new AbortController();
        connection = current;
        const idle = new IdleGuard(this.idleTimeoutMs, () => current.abort());
        const stream = await this.client.watchApplications({
          resourceVersion: this.sink.resourceVersion(),
          signal: AbortSignal.any([signal, current.signal]),
          onData: idle.touch,
        });
        // Subscribed: catch up with what changed since the last list or event.
        await this.sink.relist(signal);
        const connectedAt = Date.now();
        failures = 0;
        this.sink.onHealth(null);
        this.resolveFirstAttempt();
        try {
          idle.touch(); // the stream is read from now on
          for await (const event of stream) {
            this.sink.onEvent(event);
          }
        } catch (e) {
          // Cutting an idle stream breaks it: that is a reconnect, not a failure.
          if (!idle.fired || signal.aborted) throw e;
        } finally {
          idle.stop();
        }
        // The server ended the stream (restart, proxy or idle timeout), or it hung: resubscribe,
        // slowing down when streams keep ending right away.
        shortStreams =
          Date.now() - connectedAt < STABLE_STREAM_MS ? shortStreams + 1 : 0;
        if (idle.fired) {
          this.logger.info(
            `Argo CD watch stream of ${
              this.client.name
            } sent nothing for ${Math.round(
              this.idleTimeoutMs / 1000,
            )} s; reconnecting and listing again`,
          );
        } else {
          this.logger.debug(
            `Argo CD watch stream of ${this.client.name} ended`,
          );
        }
        await sleep(this.backoff(shortStreams), signal);
      } catch (e) {
        connection?.abort(); // a stream opened before a failed catch-up list: close it
        if (signal.aborted) break;
        failures += 1;
        this.sink.onHealth(e);
        this.resolveFirstAttempt();
        const delay = this.backoff(failures);
        this.logger.warn(
          `Argo CD instance ${this.client.name} failed (${
            toGitOpsError(e, this.client.name).message
          }); retrying in ${Math.round(delay / 100) / 10} s`,
        );
        await sleep(delay, signal);
      }
    }
  }

  /**
   * Exponential delay for the n-th consecutive failure, between half and all of it so that
   * replicas do not retry in lockstep.
   */
  private backoff(attempt: number): number {
    const ms = Math.min(
      this.maxMs,
      this.initialMs * 2 ** Math.max(0, attempt - 1),
    );
    return ms / 2 + Math.random() * (ms / 2);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
