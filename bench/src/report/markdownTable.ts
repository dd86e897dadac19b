import { BACKEND_KINDS, BACKEND_TITLES, type BackendKind } from '../backends';
import type { BackendRun, BenchResults, ScaleRun } from '../results';

/** A row's figure for one backend: a number, text, or missing. */
type Figure = number | string | undefined;

interface Metric {
  title: string;
  value(run: BackendRun, scale: ScaleRun): Figure;
  /** Show peer ÷ ours (default true for numbers). */
  ratio?: boolean;
}

function ms(value: number | undefined): Figure {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** The rows of the table, in order; each is repeated per scale. */
export const METRICS: Metric[] = [
  {
    title: 'time to data p50, first visit, 1 at a time (ms)',
    value: r => ms(r.firstVisit?.timeToData.p50),
  },
  {
    title: 'time to data p95, first visit, 1 at a time (ms)',
    value: r => ms(r.firstVisit?.timeToData.p95),
  },
  {
    title: 'time to data p50, 1 at a time (ms)',
    value: r => ms(r.sequential?.timeToData.p50),
  },
  {
    title: 'time to data p95, 1 at a time (ms)',
    value: r => ms(r.sequential?.timeToData.p95),
  },
  {
    title: 'time to data p99, 1 at a time (ms)',
    value: r => ms(r.sequential?.timeToData.p99),
  },
  {
    title: 'time to data p50, 20 at a time (ms)',
    value: r => ms(r.concurrent?.timeToData.p50),
  },
  {
    title: 'time to data p95, 20 at a time (ms)',
    value: r => ms(r.concurrent?.timeToData.p95),
  },
  {
    title: 'time to data p99, 20 at a time (ms)',
    value: r => ms(r.concurrent?.timeToData.p99),
  },
  {
    title: 'time to sync & health p95, 1 at a time (ms)',
    value: r => ms(r.sequential?.timeToStatus.p95),
  },
  {
    title: 'time to sync & health p95, 20 at a time (ms)',
    value: r => ms(r.concurrent?.timeToStatus.p95),
  },
  {
    title: 'deployment timeline (git history) p95, 1 at a time (ms)',
    value: r => {
      if (r.timeline) return ms(r.timeline.timeToData.p95);
      return r.ok && r.kind !== 'ours'
        ? 'in the view (revision metadata)'
        : undefined;
    },
    ratio: false,
  },
  {
    title: 'backend CPU per view, 1 at a time (ms)',
    value: r => ms(r.sequential?.backendCpuMsPerView),
  },
  {
    title: 'backend CPU per view, 20 at a time (ms)',
    value: r => ms(r.concurrent?.backendCpuMsPerView),
  },
  {
    title: 'requests per view (browser → backend)',
    value: r => r.sequential?.requestsPerView,
  },
  {
    title: 'Argo CD calls per view, first visit',
    value: r => r.firstVisit?.argocdCallsPerView,
  },
  {
    title: 'Argo CD calls per view, 1 at a time',
    value: r => r.sequential?.argocdCallsPerView,
  },
  {
    title: 'Argo CD calls per view, 20 at a time',
    value: r => r.concurrent?.argocdCallsPerView,
  },
  {
    title: 'GitHub calls per view, first visit',
    value: r => r.firstVisit?.githubCallsPerView,
    ratio: false,
  },
  {
    title: 'failed requests per view',
    value: r => r.sequential?.failedRequestsPerView,
    ratio: false,
  },
  {
    title: 'first visits completed by a pushed event (%)',
    value: r =>
      r.firstVisit
        ? Math.round(r.firstVisit.completedLaterShare * 100)
        : undefined,
    ratio: false,
  },
  {
    title: 'freshness: first answer showing a sync, p50 (ms)',
    value: r => ms(r.freshness?.polled.p50),
  },
  {
    title: 'freshness: first answer showing a sync, max (ms)',
    value: r => ms(r.freshness?.polled.max),
  },
  {
    title: 'freshness: pushed to the page (SSE), max (ms)',
    value: r => {
      if (r.freshness?.pushed) return ms(r.freshness.pushed.max);
      if (!r.ok) return undefined;
      return r.kind === 'community'
        ? 'no push (re-polls every 10 s)'
        : 'no push (on reload)';
    },
    ratio: false,
  },
  {
    title: 'peak RSS of the backend process (MB)',
    value: r => r.memory?.peakRssMb,
  },
  {
    title: 'peak RSS above the same process without the plugin (MB)',
    value: (r, scale) =>
      r.memory?.peakRssMb !== undefined &&
      scale.baseline?.peakRssMb !== undefined
        ? r.memory.peakRssMb - scale.baseline.peakRssMb
        : undefined,
  },
  {
    title: 'applications shown / expected',
    value: r =>
      r.applications
        ? `${r.applications.shown} / ${r.applications.expected}`
        : undefined,
    ratio: false,
  },
  {
    title: 'ready after start (s)',
    value: r => (r.readyMs === undefined ? undefined : r.readyMs / 1000),
    ratio: false,
  },
];

function format(figure: Figure): string {
  if (figure === undefined) return '–';
  if (typeof figure === 'string') return figure;
  if (Number.isNaN(figure)) return '–';
  if (figure === 0) return '0';
  if (Math.abs(figure) >= 100)
    return Math.round(figure).toLocaleString('en-US');
  if (Math.abs(figure) >= 10) return figure.toFixed(1);
  return figure.toFixed(2);
}

function ratio(peer: Figure, ours: Figure): string {
  if (typeof peer !== 'number' || typeof ours !== 'number') return '–';
  if (Number.isNaN(peer) || Number.isNaN(ours)) return '–';
  // a difference within the noise can come out below zero (memory above a baseline)
  if (peer < 0 || ours < 0) return '–';
  if (ours === 0) return peer === 0 ? '–' : '∞';
  const r = peer / ours;
  return `×${
    r >= 100
      ? Math.round(r).toLocaleString('en-US')
      : r.toFixed(r >= 10 ? 0 : 1)
  }`;
}

function runOf(scale: ScaleRun, kind: BackendKind): BackendRun | undefined {
  return scale.backends.find(b => b.kind === kind);
}

/**
 * The benchmark's table: rows metric × scale, columns ours, Roadie, community and each
 * peer ÷ ours; then, with two scales, how ours and the peers grew from the small case to the
 * large one. A backend that failed shows `failed` in its first row.
 */
export function markdownTable(results: BenchResults): string {
  const header = [
    'metric',
    'scale',
    ...BACKEND_KINDS.map(k => BACKEND_TITLES[k]),
    `${BACKEND_TITLES.roadie} ÷ ours`,
    `${BACKEND_TITLES.community} ÷ ours`,
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const metric of METRICS) {
    for (const scale of results.scales) {
      const figures = BACKEND_KINDS.map(kind => {
        const run = runOf(scale, kind);
        if (!run) return undefined;
        if (!run.ok && metric === METRICS[0]) return 'failed';
        return metric.value(run, scale);
      });
      const showRatio = metric.ratio !== false;
      lines.push(
        `| ${metric.title} | ${scale.scale.label} | ${figures
          .map(format)
          .join(' | ')} | ${
          showRatio ? ratio(figures[1], figures[0]) : '–'
        } | ${showRatio ? ratio(figures[2], figures[0]) : '–'} |`,
      );
    }
  }
  if (results.scales.length >= 2) {
    const large = results.scales[0];
    const small = results.scales[results.scales.length - 1];
    const growth = (
      title: string,
      pick: (r: BackendRun) => number | undefined,
    ) => {
      const figures = BACKEND_KINDS.map(kind => {
        const a = runOf(large, kind);
        const b = runOf(small, kind);
        const x = a && pick(a);
        const y = b && pick(b);
        return typeof x === 'number' && typeof y === 'number' && y !== 0
          ? `×${(x / y).toFixed(2)}`
          : '–';
      });
      lines.push(
        `| growth of ${title} | ${large.scale.label} ÷ ${
          small.scale.label
        } | ${figures.join(' | ')} | – | – |`,
      );
    };
    growth('p95 time to data, 1 at a time', r => r.sequential?.timeToData.p95);
    growth('p95 time to data, 20 at a time', r => r.concurrent?.timeToData.p95);
    growth('Argo CD calls per view', r => r.sequential?.argocdCallsPerView);
    growth('Argo CD calls per application shown', r =>
      r.sequential && r.applications?.shown
        ? (r.sequential.argocdCallsPerView * r.sequential.views) /
          r.applications.shown
        : undefined,
    );
    growth('peak RSS', r => r.memory?.peakRssMb);
  }
  return lines.join('\n');
}

/** What each column's view requests, and what failed, for below the table. */
export function viewNotes(results: BenchResults): string {
  const lines: string[] = [];
  if (results.scales.some(s => s.revisionMetadataByFront)) {
    lines.push(
      "- Argo CD revision metadata (`GET /api/v1/applications/{name}/revisions/{revision}/metadata`) was answered by the bench's front of the sandbox (same latency, token check and counter), as the sandbox does not serve it.",
    );
  }
  const seen = new Set<BackendKind>();
  for (const scale of results.scales) {
    for (const run of scale.backends) {
      if (run.view && !seen.has(run.kind)) {
        seen.add(run.kind);
        lines.push(`- **${BACKEND_TITLES[run.kind]}** (${run.package}) view:`);
        for (const request of run.view.requests) lines.push(`  - ${request}`);
        if (run.view.sessionRequests.length) {
          lines.push(
            `  - once per session, not counted: ${run.view.sessionRequests.join(
              ', ',
            )}`,
          );
        }
        if (run.view.excluded.length) {
          lines.push(
            `  - not served, left out: ${run.view.excluded.join('; ')}`,
          );
        }
      }
      if (!run.ok) {
        lines.push(
          `- ${BACKEND_TITLES[run.kind]} at ${scale.scale.label} failed: ${
            run.error
          }`,
        );
      }
    }
  }
  return lines.join('\n');
}
