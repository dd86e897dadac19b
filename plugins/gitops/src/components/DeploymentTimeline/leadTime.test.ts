import { makeHistory, makeRecord } from '../../__testUtils__/status';
import { buildTimeline } from './leadTime';

describe('buildTimeline', () => {
  it('joins pins with records by pull request and computes lead time', () => {
    const history = makeHistory('prod').items;
    const records = [
      makeRecord({
        id: 'r40',
        to: 'prod',
        state: 'deployed',
        digest: history[0].digest,
        pullRequest: { number: 40, url: 'u', branch: 'b' },
        deployedAt: '2026-11-20T09:12:30Z',
      }),
      makeRecord({ id: 'other', to: 'staging', digest: history[1].digest }),
    ];
    const timeline = buildTimeline(history, records);
    expect(timeline[0].record?.id).toBe('r40');
    expect(timeline[0].leadTimeMs).toBe(12.5 * 60 * 1000);
    expect(timeline[1].record).toBeUndefined();
    expect(timeline[1].leadTimeMs).toBeNull();
  });
});
