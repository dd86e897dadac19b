import { percentile, summarize } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
  });

  it('gives the only value of a single sample', () => {
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('summarize', () => {
  it('sorts before ranking and computes the mean', () => {
    const summary = summarize([30, 10, 20, 40]);
    expect(summary).toEqual({
      n: 4,
      min: 10,
      p50: 20,
      p95: 40,
      p99: 40,
      max: 40,
      mean: 25,
    });
  });

  it('is NaN without samples', () => {
    const summary = summarize([]);
    expect(summary.n).toBe(0);
    expect(summary.p95).toBeNaN();
    expect(summary.mean).toBeNaN();
  });
});
