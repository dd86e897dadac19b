import { itOnEachDatabase, migratedDatabase } from '../__testUtils__/databases';
import { ChangeRecordStore, type NewChangeRecord } from './ChangeRecordStore';

const record = (
  branch: string,
  over: Partial<NewChangeRecord> = {},
): NewChangeRecord => ({
  type: 'promotion',
  entityRef: 'component:default/gateway',
  service: 'gateway',
  from: 'dev',
  to: 'staging',
  digest: `sha256:${'a'.repeat(64)}`,
  previousDigest: null,
  branch,
  createdBy: 'user:default/alice',
  gates: [{ name: 'permission', passed: true, message: 'ok' }],
  ...over,
});

describe('ChangeRecordStore', () => {
  itOnEachDatabase(
    'lets exactly one of many concurrent claims of a branch win',
    async id => {
      const store = new ChangeRecordStore(await migratedDatabase(id));
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.claim(
            record('gitops/promote/gateway/staging/aaaaaaaaaaaa'),
            60_000,
          ),
        ),
      );
      expect(results.filter(r => r.claimed)).toHaveLength(1);
      const ids = new Set(results.map(r => r.record.id));
      expect(ids.size).toBe(1);
      expect(await store.list()).toHaveLength(1);
    },
  );

  itOnEachDatabase(
    'releases the branch when a record leaves the open state, and lists newest first',
    async id => {
      let clock = Date.parse('2026-01-01T00:00:00Z');
      const store = new ChangeRecordStore(
        await migratedDatabase(id),
        () => new Date(clock),
      );
      const first = await store.claim(record('b1'), 60_000);
      const merged = await store.update(first.record.id, {
        state: 'merged',
        pullRequest: { number: 4, url: 'https://x/pull/4' },
        mergedAt: '2026-01-01T00:00:01.000Z',
        commit: 'c'.repeat(40),
      });
      expect(merged).toMatchObject({
        state: 'merged',
        pullRequest: { number: 4, url: 'https://x/pull/4', branch: 'b1' },
        mergedAt: '2026-01-01T00:00:01.000Z',
        createdAt: '2026-01-01T00:00:00.000Z',
        gates: [{ name: 'permission', passed: true, message: 'ok' }],
      });
      expect(await store.findActive('b1')).toBeUndefined();
      clock += 1000;
      const second = await store.claim(record('b1'), 60_000);
      expect(second.claimed).toBe(true);
      clock += 1000;
      await store.claim(
        record('b2', { type: 'rollback', entityRef: 'component:default/web' }),
        60_000,
      );
      expect((await store.list()).map(r => r.branch)).toEqual([
        'b2',
        'b1',
        'b1',
      ]);
      expect(
        (
          await store.list({
            entityRef: 'component:default/gateway',
            states: ['open'],
          })
        ).map(r => r.id),
      ).toEqual([second.record.id]);
      expect(
        (await store.findByCommits(['c'.repeat(40)])).map(r => r.id),
      ).toEqual([first.record.id]);
    },
  );

  itOnEachDatabase(
    'hands a claim whose lease expired to exactly one taker',
    async id => {
      let clock = Date.parse('2026-01-01T00:00:00Z');
      const store = new ChangeRecordStore(
        await migratedDatabase(id),
        () => new Date(clock),
      );
      const { record: claimed } = await store.claim(record('b'), 1000);
      expect(await store.takeOver(claimed, 1000)).toBeUndefined(); // lease still running
      clock += 2000;
      const takers = await Promise.all([
        store.takeOver(claimed, 1000),
        store.takeOver(claimed, 1000),
      ]);
      expect(takers.filter(Boolean)).toHaveLength(1);
    },
  );
});
