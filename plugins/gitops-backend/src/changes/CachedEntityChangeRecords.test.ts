import { migratedDatabase } from '../__testUtils__/databases';
import { CachedEntityChangeRecords } from './CachedEntityChangeRecords';
import { ChangeRecordStore, type NewChangeRecord } from './ChangeRecordStore';

const GATEWAY = 'component:default/gateway';

const record = (branch: string, entityRef = GATEWAY): NewChangeRecord => ({
  type: 'promotion',
  entityRef,
  service: 'gateway',
  from: 'dev',
  to: 'staging',
  digest: `sha256:${'a'.repeat(64)}`,
  previousDigest: null,
  branch,
  createdBy: 'user:default/alice',
  gates: [],
});

describe('CachedEntityChangeRecords', () => {
  async function setup() {
    const store = new ChangeRecordStore(await migratedDatabase('SQLITE_3'));
    let now = 0;
    const cached = new CachedEntityChangeRecords({
      store,
      ttlMs: 2_000,
      now: () => now,
    });
    const reads = jest.spyOn(store, 'listForEntity');
    return { store, cached, reads, advance: (ms: number) => (now += ms) };
  }

  it('reads an entity’s records once for concurrent and repeated reads within the TTL', async () => {
    const { store, cached, reads, advance } = await setup();
    const { record: open } = await store.claim(record('b1'), 60_000);
    const [a, b] = await Promise.all([
      cached.listForEntity(GATEWAY),
      cached.listForEntity(GATEWAY),
    ]);
    advance(1_999);
    const c = await cached.listForEntity(GATEWAY);
    expect([a, b, c].map(list => list.map(r => r.id))).toEqual([
      [open.id],
      [open.id],
      [open.id],
    ]);
    expect(reads).toHaveBeenCalledTimes(1);

    // another replica's write (not heard here) shows once the TTL is over
    advance(1);
    await cached.listForEntity(GATEWAY);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('drops the entity’s entry when this replica writes one of its records, before listeners re-read', async () => {
    const { store, cached, reads } = await setup();
    const { record: open } = await store.claim(record('b1'), 60_000);
    await cached.listForEntity(GATEWAY);
    await cached.listForEntity('component:default/ledger');

    const seen: string[][] = [];
    cached.subscribe(() => {
      void cached
        .listForEntity(GATEWAY)
        .then(list => seen.push(list.map(r => r.state)));
    });
    await store.update(open.id, { state: 'merged' });
    await new Promise(r => setImmediate(r));
    expect(seen).toEqual([['merged']]);
    expect((await cached.listForEntity(GATEWAY))[0].state).toBe('merged');
    // the other entity's entry is kept
    await cached.listForEntity('component:default/ledger');
    expect(reads.mock.calls.map(([ref]) => ref)).toEqual([
      GATEWAY,
      'component:default/ledger',
      GATEWAY,
    ]);
  });
});
