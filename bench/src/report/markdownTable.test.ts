import type { BackendRun, BenchResults, PassResult } from '../results';
import { planFor } from '../sizes';
import { METRICS, markdownTable } from './markdownTable';

function pass(p95: number, calls: number): PassResult {
  const summary = {
    n: 1,
    min: p95,
    p50: p95,
    p95,
    p99: p95,
    max: p95,
    mean: p95,
  };
  return {
    concurrency: 1,
    views: 1,
    wallMs: p95,
    timeToData: summary,
    timeToStatus: summary,
    durationsMs: [p95],
    requestTimes: {},
    requestsPerView: 1,
    failedRequestsPerView: 0,
    completedLaterShare: 0,
    argocdCallsPerView: calls,
    githubCallsPerView: 0,
    argocdCallsByEndpoint: {},
  };
}

function run(kind: BackendRun['kind'], p95: number, calls: number): BackendRun {
  return {
    kind,
    package: kind,
    ok: true,
    firstVisit: pass(p95, calls),
    sequential: pass(p95, calls),
    concurrent: pass(p95 * 2, calls),
    memory: { peakRssMb: 100 },
  };
}

const results: BenchResults = {
  startedAt: '',
  finishedAt: '',
  machine: {
    cpus: 2,
    cpuModel: '',
    memoryGb: 1,
    node: '',
    platform: '',
    loadAverageAtStart: [],
    loadAverage: [],
  },
  plan: planFor('full'),
  scales: planFor('full').scales.map(scale => ({
    scale,
    instances: [],
    applications: 0,
    services: 0,
    entities: 1,
    revisionMetadataByFront: false,
    backends: [
      run('ours', 5, 0.5),
      run('roadie', 250, 30),
      { kind: 'community', package: 'c', ok: false, error: 'boom' },
    ],
  })),
};

describe('markdownTable', () => {
  const table = markdownTable(results);
  const rows = table.split('\n');

  it('has a row per metric and scale, then the growth rows', () => {
    expect(rows).toHaveLength(2 + METRICS.length * 2 + 5);
    expect(rows[0]).toBe(
      '| metric | scale | ours | Roadie | community | Roadie ÷ ours | community ÷ ours |',
    );
  });

  it('shows figures and peer ÷ ours', () => {
    expect(table).toContain(
      '| time to data p95, 1 at a time (ms) | 10 × 2,000 | 5.00 | 250 | – | ×50 | – |',
    );
    expect(table).toContain(
      '| Argo CD calls per view, 1 at a time | 1 × 200 | 0.50 | 30.0 | – | ×60 | – |',
    );
  });

  it('gives no ratio for a difference below zero, and ∞ against our zero', () => {
    const withBaseline: BenchResults = {
      ...results,
      scales: results.scales.map(scale => ({
        ...scale,
        baseline: { peakRssMb: 120 },
        backends: [
          { ...run('ours', 5, 0), memory: { peakRssMb: 150 } },
          { ...run('roadie', 250, 30), memory: { peakRssMb: 118 } },
          { kind: 'community', package: 'c', ok: false, error: 'boom' },
        ],
      })),
    };
    const text = markdownTable(withBaseline);
    expect(text).toMatch(
      /\| peak RSS above the same process without the plugin \(MB\) \| 10 × 2,000 \| 30\.0 \| -2\.00 \| – \| – \| – \|/,
    );
    expect(text).toContain(
      '| Argo CD calls per view, 1 at a time | 1 × 200 | 0 | 30.0 | – | ∞ | – |',
    );
  });

  it('marks a failed backend', () => {
    expect(rows[2]).toContain('| failed |');
    expect(rows[2]).toMatch(/^\| time to data p50, first visit/);
  });

  it('shows growth from the small case to the large one', () => {
    expect(table).toContain(
      '| growth of p95 time to data, 1 at a time | 10 × 2,000 ÷ 1 × 200 | ×1.00 | ×1.00 | – | – | – |',
    );
  });
});
