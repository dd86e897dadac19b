import { BACKEND_KINDS } from './backends';
import { METRICS, markdownTable } from './report/markdownTable';
import { runBenchmark } from './runBenchmark';
import { planFor } from './sizes';

/**
 * CI's proof that the harness still works: the tiny size (2 × 20, no added latency) end to end
 * with the real sandbox and the three real backends in their own processes. The figures of
 * such a run mean nothing; only that every part answered and the counters moved.
 */
describe('yarn bench --size tiny', () => {
  it('measures the three backends and prints every row', async () => {
    const lines: string[] = [];
    const results = await runBenchmark({
      plan: planFor('tiny'),
      // The memory baseline only matters for the figures of a full run.
      baseline: false,
      log: line => lines.push(line),
    });
    const [scale] = results.scales;
    const failures = scale.backends
      .filter(b => !b.ok)
      .map(b => `${b.kind}: ${b.error}`);
    expect(failures).toEqual([]);
    expect(scale.backends.map(b => b.kind)).toEqual(BACKEND_KINDS);
    expect(scale.entities).toBeGreaterThan(10);

    for (const run of scale.backends) {
      expect(run.sequential!.views).toBe(scale.entities);
      expect(run.concurrent!.views).toBe(scale.entities);
      // Every view showed exactly the applications the sandbox holds for its entity.
      expect(run.applications!.shown).toBe(run.applications!.expected);
      expect(run.freshness!.trials.length).toBeGreaterThan(0);
      expect(run.freshness!.trials.every(t => t.polledMs !== null)).toBe(true);
      expect(run.memory!.peakRssMb).toBeGreaterThan(50);
    }
    const [ours, roadie, community] = scale.backends;
    // The counters moved: ours while it loaded its index, the peers on every view.
    expect(ours.startupArgocdCalls).toBeGreaterThan(0);
    expect(roadie.sequential!.argocdCallsPerView).toBeGreaterThan(1);
    expect(community.sequential!.argocdCallsPerView).toBeGreaterThan(1);
    // Ours follows its event stream.
    expect(
      ours.freshness!.trials.every(t => typeof t.pushedMs === 'number'),
    ).toBe(true);

    const table = markdownTable(results);
    for (const metric of METRICS) {
      expect(table).toContain(`| ${metric.title} | 2 × 20 |`);
    }
    expect(table).not.toContain('| failed |');
  }, 150_000);
});
