import type { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EntityGitOpsStatus } from '@gitops-portal/plugin-gitops-common';
import type { StatusSubscriber, StatusUpdateMode } from './GitOpsApi';
import { ServerSentEventParser } from './ServerSentEventParser';

/**
 * Timing of a {@link StatusStream}, in milliseconds.
 */
export interface StatusStreamTiming {
  /** Interval of conditional polling when events are unavailable. */
  pollIntervalMs: number;
  /** Delay before reopening an event stream that ended. */
  reconnectDelayMs: number;
  /** How long to poll before trying the event stream again. */
  eventsRetryMs: number;
}

/** Defaults: a change shows within 2 s even while polling. */
export const DEFAULT_STATUS_STREAM_TIMING: StatusStreamTiming = {
  pollIntervalMs: 2000,
  reconnectDelayMs: 1000,
  eventsRetryMs: 30000,
};

/**
 * Follows one entity's status: loads it, then reads the backend's server-sent events through
 * `fetchApi` (so the Backstage token is sent), and falls back to polling with `If-None-Match`
 * while the event stream is unavailable. Subscribers only hear about real changes.
 */
export class StatusStream {
  private readonly fetchApi: FetchApi;
  private readonly statusUrl: string;
  private readonly eventsUrl: string;
  private readonly subscriber: StatusSubscriber;
  private readonly timing: StatusStreamTiming;
  private readonly abort = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private mode: StatusUpdateMode | undefined;
  private etag: string | undefined;
  private lastJson: string | undefined;
  /** Consecutive failed requests: polling slows down while the backend keeps failing. */
  private failures = 0;

  constructor(options: {
    fetchApi: FetchApi;
    statusUrl: string;
    eventsUrl: string;
    subscriber: StatusSubscriber;
    timing?: Partial<StatusStreamTiming>;
  }) {
    this.fetchApi = options.fetchApi;
    this.statusUrl = options.statusUrl;
    this.eventsUrl = options.eventsUrl;
    this.subscriber = options.subscriber;
    this.timing = { ...DEFAULT_STATUS_STREAM_TIMING, ...options.timing };
  }

  /** Loads the status, then follows it until {@link StatusStream.stop}. */
  start(): void {
    this.setMode('connecting');
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
  }

  private async run(): Promise<void> {
    await this.poll();
    if (!this.stopped) await this.followEvents();
  }

  /** Opens the event stream; on failure switches to polling. Returns when either ends. */
  private async followEvents(): Promise<void> {
    if (this.stopped) return;
    let opened = false;
    try {
      const response = await this.fetchApi.fetch(this.eventsUrl, {
        headers: { accept: 'text/event-stream' },
        cache: 'no-store',
        signal: this.abort.signal,
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (
        !response.ok ||
        !response.body ||
        !contentType.includes('text/event-stream')
      ) {
        // Release the connection; the body (an error or a page) is of no use here.
        response.body?.cancel().catch(() => undefined);
        throw new Error(
          `Status events unavailable (HTTP ${response.status} ${contentType})`,
        );
      }
      opened = true;
      this.setMode('live');
      await this.readEvents(response.body);
    } catch (error) {
      if (this.stopped) return;
      if (!opened) {
        this.startPolling();
        return;
      }
    }
    if (this.stopped) return;
    // The stream ended (server restart, proxy timeout): catch up and reconnect.
    this.timer = setTimeout(async () => {
      await this.poll();
      await this.followEvents();
    }, this.timing.reconnectDelayMs);
  }

  private async readEvents(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new ServerSentEventParser();
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of parser.feed(
          decoder.decode(value, { stream: true }),
        )) {
          if (event.event === 'status') this.receive(event.data);
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  private startPolling(): void {
    this.setMode('polling');
    const startedAt = Date.now();
    const tick = async () => {
      if (this.stopped) return;
      await this.poll();
      if (this.stopped) return;
      if (Date.now() - startedAt >= this.timing.eventsRetryMs) {
        await this.followEvents();
        return;
      }
      this.timer = setTimeout(tick, this.pollDelay());
    };
    this.timer = setTimeout(tick, this.pollDelay());
  }

  /** The poll interval, doubled per consecutive failure up to 30 s. */
  private pollDelay(): number {
    const base = this.timing.pollIntervalMs;
    return Math.min(
      base * 2 ** Math.min(this.failures, 10),
      Math.max(base, 30_000),
    );
  }

  /** One conditional request for the status. Failures go to the subscriber, never thrown. */
  private async poll(): Promise<void> {
    try {
      const response = await this.fetchApi.fetch(this.statusUrl, {
        headers: this.etag ? { 'if-none-match': this.etag } : {},
        cache: 'no-store',
        signal: this.abort.signal,
      });
      if (response.status === 304) {
        this.recovered();
        return;
      }
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      // ETag is only readable cross-origin when the backend exposes it; without it every poll
      // is a full read, and unchanged results are still filtered out below.
      this.etag = response.headers.get('etag') ?? undefined;
      const text = await response.text();
      this.recovered();
      this.receive(text);
    } catch (error) {
      if (this.stopped) return;
      this.failures += 1;
      this.subscriber.onError?.(error as Error);
    }
  }

  private receive(json: string): void {
    if (this.stopped) return;
    let status: EntityGitOpsStatus;
    try {
      status = JSON.parse(json);
    } catch {
      this.subscriber.onError?.(
        new Error('The GitOps backend sent a malformed status'),
      );
      return;
    }
    // Compare a canonical form: the events and the status route may format differently.
    const canonical = JSON.stringify(status);
    if (canonical === this.lastJson) return;
    this.lastJson = canonical;
    this.subscriber.onStatus(status);
  }

  private recovered(): void {
    if (this.failures > 0) {
      this.failures = 0;
      this.subscriber.onError?.(undefined);
    }
  }

  private setMode(mode: StatusUpdateMode): void {
    if (this.stopped || this.mode === mode) return;
    this.mode = mode;
    this.subscriber.onModeChange?.(mode);
  }
}
