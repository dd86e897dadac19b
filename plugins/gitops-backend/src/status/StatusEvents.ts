import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Response } from 'express';
import type { ApplicationIndex, IndexEvent } from '../argocd/ApplicationIndex';
import type { EntityStatusReadout } from './EntityStatusReadout';
import type { EntityStatusService } from './EntityStatusService';
import type { TargetDetailsService } from './TargetDetailsService';

interface Connection {
  close(): void;
}

/**
 * Server-sent events of entity status for the UI's live view: a `status` event on connect and
 * whenever the entity's status changes, because the index reported a change of one of its
 * applications or instances, a refresh brought new details, or a periodic re-check found
 * some (sync windows open and close on a schedule). Changes are coalesced for a moment, and an unchanged status is not
 * sent again. Comments keep idle connections open through proxies. A stream opened with
 * `includeChanges` carries the entity's change records too, and sends again when this replica
 * writes one of them (another replica's writes show at the next change or re-check).
 *
 * @public
 */
export class StatusEvents {
  private readonly index: ApplicationIndex;
  private readonly details: TargetDetailsService;
  private readonly status: EntityStatusService;
  private readonly readout: EntityStatusReadout;
  private readonly logger: LoggerService;
  private readonly debounceMs: number;
  private readonly heartbeatMs: number;
  private readonly recheckMs: number;
  private readonly connections = new Set<Connection>();

  constructor(options: {
    index: ApplicationIndex;
    details: TargetDetailsService;
    status: EntityStatusService;
    /** Reads each event's body (the status, with its changes when asked for). */
    readout: EntityStatusReadout;
    logger: LoggerService;
    /** Default 100 ms. */
    debounceMs?: number;
    /** Default 15 s. */
    heartbeatMs?: number;
    /** Default 30 s. */
    recheckMs?: number;
  }) {
    this.index = options.index;
    this.details = options.details;
    this.status = options.status;
    this.readout = options.readout;
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 100;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.recheckMs = options.recheckMs ?? 30_000;
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size;
  }

  /**
   * Streams the entity's status to the response until the client goes away.
   *
   * @param options - `includeChanges`: each event carries the entity's change records.
   */
  async stream(
    entity: Entity,
    res: Response,
    options: { includeChanges?: boolean } = {},
  ): Promise<void> {
    this.readout.check(options);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    const query = this.status.query(entity);
    let lastHash: string | undefined;
    let eventId = 0;
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let again = false;
    let closed = false;

    const write = (text: string) => {
      if (closed) return;
      res.write(text);
      // compression middleware buffers unless told to flush
      (res as unknown as { flush?: () => void }).flush?.();
    };

    const send = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const status = await this.readout.read(entity, options);
          const body = JSON.stringify(status);
          const hash = createHash('sha256').update(body).digest('base64url');
          if (hash !== lastHash) {
            lastHash = hash;
            eventId += 1;
            write(`event: status\nid: ${eventId}\ndata: ${body}\n\n`);
          }
        } while (again && !closed);
      } catch (e) {
        this.logger.warn(
          `GitOps status event failed: ${(e as Error)?.message}`,
        );
      } finally {
        running = false;
      }
    };

    const schedule = () => {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void send();
      }, this.debounceMs);
    };

    const relevant = (event: IndexEvent) =>
      event.type === 'instance'
        ? query.instances.includes(event.instance)
        : (!!event.change.current && query.matches(event.change.current)) ||
          (!!event.change.previous && query.matches(event.change.previous));

    const unsubscribeIndex = this.index.subscribe(event => {
      if (relevant(event)) schedule();
    });
    const unsubscribeDetails = this.details.subscribe(app => {
      if (query.matches(app)) schedule();
    });
    const unsubscribeChanges = options.includeChanges
      ? this.readout.subscribeChanges(entity, schedule)
      : () => {};
    const heartbeat = setInterval(
      () => write(': keep-alive\n\n'),
      this.heartbeatMs,
    );
    const recheck = setInterval(schedule, this.recheckMs);

    const connection: Connection = {
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribeIndex();
        unsubscribeDetails();
        unsubscribeChanges();
        clearInterval(heartbeat);
        clearInterval(recheck);
        if (timer) clearTimeout(timer);
        this.connections.delete(connection);
        res.end();
      },
    };
    this.connections.add(connection);
    // `res` closes when the client goes away (`req` closes once its body is read).
    res.on('close', connection.close);
    res.on('error', connection.close);

    await send();
  }

  /** Ends every stream (shutdown). */
  close(): void {
    for (const connection of Array.from(this.connections)) {
      connection.close();
    }
  }
}
