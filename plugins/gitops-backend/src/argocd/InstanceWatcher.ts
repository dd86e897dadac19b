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
 * Keeps one instance's part of the index current: opens Argo CD's application watch stream and
 * keeps it open, reconnecting with exponential backoff and jitter after failures.
 *
 * Argo CD does not replay past events: with a `resourceVersion` the stream carries only later
 * changes. So after every (re)subscription the instance is listed in full and merged (see
 * `InstanceApplications`), which closes the gap without keeping deleted applications. The very
 * first cycle lists before subscribing too, so that data is there as soon as possible and the
 * stream starts from that list's resourceVersion instead of re-sending every application.
 * A stream that the server ends is resumed the same way, with backoff when streams keep
 * ending right away.
 *
 * @public
 */
export class InstanceWatcher {
  private readonly client: ArgoCdClient;
  private readonly sink: InstanceWatcherSink;
  private readonly logger: LoggerService;
  private readonly initialMs: number;
  private readonly maxMs: number;
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
  }) {
    this.client = options.client;
    this.sink = options.sink;
    this.logger = options.logger;
    this.initialMs = options.backoff?.initialMs ?? 1000;
    this.maxMs = options.backoff?.maxMs ?? 60_000;
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
      try {
        if (!listed) {
          await this.sink.relist(signal);
          listed = true;
        }
        const stream = await this.client.watchApplications({
          resourceVersion: this.sink.resourceVersion(),
          signal,
        });
        // Subscribed: catch up with what changed since the last list or event.
        await this.sink.relist(signal);
        const connectedAt = Date.now();
        failures = 0;
        this.sink.onHealth(null);
        this.resolveFirstAttempt();
        for await (const event of stream) {
          this.sink.onEvent(event);
        }
        // The server ended the stream (restart, proxy or idle timeout): resubscribe, slowing
        // down when streams keep ending right away.
        shortStreams =
          Date.now() - connectedAt < STABLE_STREAM_MS ? shortStreams + 1 : 0;
        this.logger.debug(`Argo CD watch stream of ${this.client.name} ended`);
        await sleep(this.backoff(shortStreams), signal);
      } catch (e) {
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
