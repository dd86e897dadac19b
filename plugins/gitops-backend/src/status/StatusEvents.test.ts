/**
 * StatusEvents over the real read side (ApplicationIndex on MockArgoCd via msw, details, status
 * service, readout), writing to a small fake express Response: the first event and headers,
 * events on index, details and change-record changes (debounced, unchanged bodies not sent),
 * unrelated changes ignored, heartbeats, re-checks, includeChanges, failures, close() and a
 * client that goes away.
 */
import type { ChangeRecord } from '@gitops-portal/plugin-gitops-common';
import type { Response } from 'express';
import { setupServer } from 'msw/node';
import { EventEmitter } from 'node:events';
import { ApplicationIndex } from '../argocd/ApplicationIndex';
import { registerArgoCdMsw } from '../argocd/__testUtils__/MockArgoCd';
import {
  DIGEST_OLD,
  FakeDesiredState,
  entity,
  gitopsConfig,
  memoryCache,
  mockInstances,
  testLogger,
} from '../argocd/__testUtils__/readSideSetup';
import { waitFor } from '../argocd/__testUtils__/waitFor';
import { EntityStatusReadout } from './EntityStatusReadout';
import { EntityStatusService } from './EntityStatusService';
import { StatusEvents } from './StatusEvents';
import { TargetDetailsService } from './TargetDetailsService';

const server = setupServer();
registerArgoCdMsw(server);

/** What StatusEvents uses of an express Response, recorded. */
class FakeResponse extends EventEmitter {
  statusCode = 0;
  readonly headers: Record<string, string> = {};
  readonly chunks: string[] = [];
  headersFlushed = false;
  ended = false;
  flushes = 0;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  flushHeaders() {
    this.headersFlushed = true;
  }
  write(text: string) {
    if (this.ended) throw new Error('write after end');
    this.chunks.push(text);
    return true;
  }
  end() {
    this.ended = true;
    return this;
  }
  flush() {
    this.flushes += 1;
  }
  get events(): Array<{ event: string; id: number; data: any }> {
    return this.chunks
      .filter(c => c.startsWith('event: '))
      .map(c => {
        const m = /^event: (\w+)\nid: (\d+)\ndata: (.*)\n\n$/s.exec(c);
        if (!m) throw new Error(`malformed event ${c}`);
        return { event: m[1], id: Number(m[2]), data: JSON.parse(m[3]) };
      });
  }
  get comments(): string[] {
    return this.chunks.filter(c => c.startsWith(':'));
  }
  asResponse() {
    return this as unknown as Response;
  }
}

/** Change records of a fake store: `notify` is what a write on this replica does. */
function fakeChangeRecords() {
  const records = new Map<string, ChangeRecord[]>();
  const listeners = new Set<(record: { entityRef: string | null }) => void>();
  return {
    records,
    listeners,
    listForEntity: jest.fn(async (ref: string) => records.get(ref) ?? []),
    subscribe(listener: (record: { entityRef: string | null }) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notify(entityRef: string | null) {
      for (const listener of Array.from(listeners)) listener({ entityRef });
    },
  };
}

const gateway = entity('gateway', { 'gitops/service': 'gateway' });
const GATEWAY_REF = 'component:default/gateway';
const record = (id: string) =>
  ({ id, entityRef: GATEWAY_REF } as unknown as ChangeRecord);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const TIMING = { debounceMs: 20, heartbeatMs: 60_000, recheckMs: 60_000 };

async function setup({
  noRecords = false,
  prime = true,
  ...timing
}: Partial<typeof TIMING> & { noRecords?: boolean; prime?: boolean } = {}) {
  const { nonprod, prod } = mockInstances(server);
  const config = gitopsConfig(nonprod, prod);
  const logger = testLogger();
  const index = ApplicationIndex.fromConfig(config, {
    logger,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const cache = memoryCache();
  const details = new TargetDetailsService({ index, cache, logger });
  const desired = new FakeDesiredState();
  const status = EntityStatusService.create({
    config,
    index,
    details,
    desiredState: desired,
    logger,
  });
  const changes = fakeChangeRecords();
  const source = noRecords ? undefined : changes;
  const readout = new EntityStatusReadout(status, source);
  const reads = jest.spyOn(readout, 'read');
  const parts = { index, details, status, readout, logger };
  const events = new StatusEvents({ ...parts, ...TIMING, ...timing });
  cleanup = async () => {
    events.close();
    await index.stop();
  };
  index.start();
  await index.settled();
  await waitFor(() => nonprod.openStreams === 1 && prod.openStreams === 1);
  if (prime) {
    // details read once, so that the first event is complete
    await status.getEntityStatus(gateway);
    await details.whenIdle();
    reads.mockClear();
  }
  const open = async (
    target = gateway,
    streamOptions: { includeChanges?: boolean } = {},
  ) => {
    const res = new FakeResponse();
    await events.stream(target, res.asResponse(), streamOptions);
    return res;
  };
  /** Emits a change of one application on the nonprod watch stream and waits for the index. */
  const change = async (name: string, edit: (app: any) => void) => {
    const app = structuredClone(nonprod.application(name));
    const version = Number(app.metadata.resourceVersion) + 1000;
    app.metadata.resourceVersion = String(version);
    edit(app);
    nonprod.emit('MODIFIED', app);
    await waitFor(
      () =>
        index.get('nonprod', `argocd/${name}`)?.resourceVersion ===
        app.metadata.resourceVersion,
    );
  };
  return { ...parts, prod, desired, changes, reads, events, open, change };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
/** Lets a read that has started finish writing. */
const settle = async (reads: jest.SpyInstance) => {
  await Promise.allSettled(reads.mock.results.map(r => r.value));
  await sleep(5);
};

describe('StatusEvents', () => {
  it('opens an event stream and sends the status at once', async () => {
    const s = await setup();
    const res = await s.open();

    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    expect(res.headersFlushed).toBe(true);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({ event: 'status', id: 1 });
    expect(res.events[0].data).toEqual(await s.readout.read(gateway));
    expect(res.events[0].data.changes).toBeUndefined();
    expect(res.flushes).toBe(1);
    expect(s.events.size).toBe(1);
  });

  it('sends again as details arrive after connect, never the same body twice', async () => {
    const s = await setup({ prime: false });
    const res = await s.open();
    const targets = (data: any) => [
      ...data.environments.flatMap((e: any) => e.targets),
      ...data.previews,
    ];
    expect(targets(res.events[0].data).map(t => t.detailsLoading)).toContain(
      true,
    );

    await waitFor(() => {
      const last = res.events[res.events.length - 1].data;
      return !targets(last).some(t => t.detailsLoading);
    });
    const sent = res.events;
    expect(sent.map(e => e.id)).toEqual(sent.map((_, i) => i + 1));
    const bodies = sent.map(e => JSON.stringify(e.data));
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(
      sent[sent.length - 1].data.environments[1].targets[0].rollout,
    ).toMatchObject({ step: 1 });
  });

  it('coalesces changes of several applications into one event, and sends no unchanged status', async () => {
    const s = await setup({ debounceMs: 300 });
    const res = await s.open();
    await s.change('gateway-dev', app => {
      app.status.health.status = 'Degraded';
    });
    await s.change('gateway-staging', app => {
      app.status.health.status = 'Degraded';
    });

    await waitFor(() => res.events.length === 2);
    await sleep(400);
    await settle(s.reads);
    expect(res.events).toHaveLength(2);
    expect(s.reads).toHaveBeenCalledTimes(2);
    const envs = res.events[1].data.environments;
    expect(envs[0].targets[0].health.status).toBe('Degraded');
    expect(envs[1].targets[0].health.status).toBe('Degraded');

    await s.change('gateway-dev', () => {}); // a new resourceVersion only
    await waitFor(() => s.reads.mock.calls.length === 3);
    await settle(s.reads);
    expect(res.events).toHaveLength(2);
  });

  it('ignores changes of applications and instances that are not the entity’s', async () => {
    const s = await setup();
    const nonprodOnly = entity('gateway', {
      'gitops/service': 'gateway',
      'argocd/instance-name': 'nonprod',
    });
    const res = await s.open();
    const nonprodRes = await s.open(nonprodOnly);

    await s.change('ledger-staging', app => {
      app.status.health.status = 'Degraded';
    });
    await sleep(100);
    expect(s.reads).toHaveBeenCalledTimes(2); // the two first events only

    // prod starts failing: the entity that reads prod hears of it, the other one does not
    s.prod.failure = 'unauthorized';
    s.prod.endStreams();
    await waitFor(() => res.events.length >= 2);
    expect(res.events[1].data.errors).toEqual([
      expect.objectContaining({ instance: 'prod', code: 'UNAUTHORIZED' }),
    ]);
    await sleep(100);
    expect(s.reads.mock.calls.filter(c => c[0] === nonprodOnly)).toHaveLength(
      1,
    );
    expect(nonprodRes.events).toHaveLength(1);
  });

  it('sends keep-alive comments, and re-checks periodically, sending only what changed', async () => {
    const s = await setup({ heartbeatMs: 30, recheckMs: 40 });
    const res = await s.open();
    await waitFor(() => res.comments.length >= 2);
    expect(res.comments[0]).toBe(': keep-alive\n\n');
    expect(res.flushes).toBe(res.chunks.length); // each write flushed through compression
    await waitFor(() => s.reads.mock.calls.length >= 3);
    await settle(s.reads);
    expect(res.events).toHaveLength(1);

    // the pin changes in the repository: no index event says so
    s.desired.pins.set('gateway/dev', {
      digest: DIGEST_OLD,
      commit: '8c3e5a7f1d2b4c6e9f0a1b3d5c7e9f1a2b4c6d8e',
    });
    await waitFor(() => res.events.length === 2);
    expect(res.events[1].data.environments[0].desired.digest).toBe(DIGEST_OLD);
  });

  it('carries the change records with includeChanges, and sends again when one of them is written', async () => {
    const s = await setup();
    s.changes.records.set(GATEWAY_REF, [record('r1')]);
    const plain = await s.open();
    expect(s.changes.listeners.size).toBe(0);
    expect(plain.events[0].data.changes).toBeUndefined();

    const res = await s.open(gateway, { includeChanges: true });
    expect(res.events[0].data.changes).toEqual([record('r1')]);
    expect(s.changes.listeners.size).toBe(1);

    s.changes.notify('component:default/ledger'); // another entity's record
    await sleep(60);
    expect(s.changes.listForEntity).toHaveBeenCalledTimes(1);

    s.changes.records.set(GATEWAY_REF, [record('r2'), record('r1')]);
    s.changes.notify(GATEWAY_REF);
    await waitFor(() => res.events.length === 2);
    expect(res.events[1].data.changes.map((c: ChangeRecord) => c.id)).toEqual([
      'r2',
      'r1',
    ]);
    expect(plain.events).toHaveLength(1);
  });

  it('reads again when a change arrives while an event is being read', async () => {
    const s = await setup({ debounceMs: 5 });
    let release!: () => void;
    s.changes.listForEntity.mockImplementationOnce(async () => {
      await new Promise<void>(resolve => {
        release = resolve;
      });
      return [record('r1')];
    });
    s.changes.records.set(GATEWAY_REF, [record('r2'), record('r1')]);
    const res = new FakeResponse();
    const opened = s.events.stream(gateway, res.asResponse(), {
      includeChanges: true,
    });
    await waitFor(() => s.changes.listeners.size === 1 && release);
    s.changes.notify(GATEWAY_REF);
    await sleep(30); // the debounced send found a read running
    release();
    await opened;

    await waitFor(() => res.events.length === 2);
    expect(s.reads).toHaveBeenCalledTimes(2);
    expect(res.events.map(e => e.data.changes.length)).toEqual([1, 2]);
  });

  it('refuses includeChanges without change records, before answering', async () => {
    const s = await setup({ noRecords: true });
    const res = new FakeResponse();
    await expect(
      s.events.stream(gateway, res.asResponse(), { includeChanges: true }),
    ).rejects.toThrow('include=changes is not available');
    expect(res.statusCode).toBe(0);
    expect(res.chunks).toEqual([]);
    expect(s.events.size).toBe(0);
  });

  it('logs a failed read and keeps the stream open for the next change', async () => {
    const s = await setup();
    s.changes.listForEntity.mockRejectedValueOnce(new Error('database gone'));
    const res = await s.open(gateway, { includeChanges: true });
    expect(res.events).toHaveLength(0);
    expect(s.logger.warn).toHaveBeenCalledWith(
      'GitOps status event failed: database gone',
    );
    expect(s.events.size).toBe(1);

    s.changes.notify(GATEWAY_REF);
    await waitFor(() => res.events.length === 1);
    expect(res.events[0].id).toBe(1);
  });

  it('close() ends every stream, and nothing is written or read after it', async () => {
    const s = await setup({ heartbeatMs: 20, recheckMs: 20 });
    const a = await s.open();
    const b = await s.open(gateway, { includeChanges: true });
    expect(s.events.size).toBe(2);

    s.events.close();
    expect(s.events.size).toBe(0);
    expect(a.ended && b.ended).toBe(true);
    expect(s.changes.listeners.size).toBe(0);
    const written = a.chunks.length + b.chunks.length;
    const reads = s.reads.mock.calls.length;
    await s.change('gateway-dev', app => {
      app.status.health.status = 'Degraded';
    });
    await sleep(100);
    expect(a.chunks.length + b.chunks.length).toBe(written);
    expect(s.reads).toHaveBeenCalledTimes(reads);
  });

  it.each(['close', 'error'])(
    'stops listening when the response emits %s (client gone)',
    async name => {
      const s = await setup({ heartbeatMs: 20 });
      const gone = await s.open(gateway, { includeChanges: true });
      const staying = await s.open();
      expect(s.events.size).toBe(2);

      gone.emit(name, name === 'error' ? new Error('EPIPE') : undefined);
      expect(gone.ended).toBe(true);
      expect(s.events.size).toBe(1);
      expect(s.changes.listeners.size).toBe(0);
      const written = gone.chunks.length;

      await s.change('gateway-dev', app => {
        app.status.health.status = 'Degraded';
      });
      await waitFor(() => staying.events.length === 2);
      expect(gone.chunks).toHaveLength(written);
      expect(s.reads.mock.calls.filter(c => c[1]?.includeChanges)).toHaveLength(
        1,
      );
    },
  );
});
