import { config, makeStatus } from '../__testUtils__/status';
import { orderEnvironments, promotionPairs } from './environments';

describe('environment order', () => {
  it('follows the configured promotion order, unknown ones last', () => {
    const { environments } = makeStatus();
    const shuffled = [
      { name: null, desired: null, targets: [] },
      environments[2],
      { name: 'qa', desired: null, targets: [] },
      environments[0],
      environments[1],
    ];
    const ordered = orderEnvironments(shuffled, config);
    expect(ordered.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
      'qa',
      null,
    ]);
    expect(promotionPairs(ordered, config)).toEqual([
      { from: 'dev', to: 'staging' },
      { from: 'staging', to: 'prod' },
    ]);
    expect(promotionPairs(ordered)).toContainEqual({ from: 'prod', to: 'qa' });
  });

  it('keeps the backend order without config', () => {
    const { environments } = makeStatus();
    const reversed = [...environments].reverse();
    expect(orderEnvironments(reversed).map(e => e.name)).toEqual([
      'prod',
      'staging',
      'dev',
    ]);
    expect(promotionPairs([environments[0]])).toEqual([]);
  });
});
