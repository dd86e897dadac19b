import { freshnessTargets } from './runBenchmark';
import type { BenchEntity } from './views/types';

function entity(name: string, apps: number): BenchEntity {
  return {
    name,
    selector: `app.kubernetes.io/part-of=${name}`,
    instances: ['nonprod'],
    applications: Array.from({ length: apps }, (_, i) => ({
      instance: 'nonprod',
      name: `${name}-${i}`,
    })),
  };
}

describe('freshnessTargets', () => {
  const entities = [
    entity('gateway', 3),
    ...Array.from({ length: 20 }, (_, i) =>
      entity(`svc-${String(i).padStart(5, '0')}`, 2),
    ),
  ];

  it('gives each backend its own synthetic applications', () => {
    const all = [0, 1, 2].flatMap(b => freshnessTargets(entities, b, 5));
    expect(all).toHaveLength(15);
    expect(new Set(all.map(t => t.application)).size).toBe(15);
    expect(all.every(t => t.entity.name.startsWith('svc-'))).toBe(true);
  });

  it('runs fewer trials when the fleet is too small to keep them apart', () => {
    const few = [entity('svc-00000', 2), entity('svc-00001', 2)];
    const all = [0, 1, 2].flatMap(b => freshnessTargets(few, b, 5));
    expect(all).toHaveLength(3);
    expect(new Set(all.map(t => t.application)).size).toBe(3);
  });
});
