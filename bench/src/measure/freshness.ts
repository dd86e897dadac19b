import type { SandboxClient } from '../sandbox/SandboxClient';
import type { OursView } from '../views/oursView';
import type { AppFingerprint, BenchEntity, EntityView } from '../views/types';

/** One application whose state a trial changes. */
export interface FreshnessTarget {
  entity: BenchEntity;
  instance: string;
  application: string;
}

/** One change and how long each way of reading took to show it. */
export interface FreshnessTrial {
  entity: string;
  instance: string;
  application: string;
  /** From the change until an answer of the backend's view showed it (null: never, within the timeout). */
  polledMs: number | null;
  /** Reads of the view that took. */
  polls: number;
  /** From the change until a server-sent event showed it (our backend only). */
  pushedMs?: number | null;
  /** Why the trial could not run, when it could not. */
  error?: string;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function find(
  apps: AppFingerprint[],
  target: FreshnessTarget,
): AppFingerprint | undefined {
  return apps.find(
    a => a.name === target.application && a.instance === target.instance,
  );
}

function differs(a: AppFingerprint | undefined, b: AppFingerprint): boolean {
  return (
    !!a &&
    (a.sync !== b.sync || a.revision !== b.revision || a.health !== b.health)
  );
}

/**
 * Freshness trials: for each target, reads the application's state through the backend,
 * syncs it through the sandbox's Argo CD API (a new sync revision and history entry), then
 * reads the view's state again and again (a short pause between reads) until it shows the
 * change. The peers have no push, so this is the earliest a page of theirs could show it;
 * for ours the server-sent event stream is followed at the same time.
 */
export async function measureFreshness(options: {
  view: EntityView;
  /** Set for our backend: also follow its event stream. */
  events?: OursView;
  sandbox: SandboxClient;
  targets: FreshnessTarget[];
  timeoutMs: number;
  pollGapMs?: number;
}): Promise<FreshnessTrial[]> {
  const { view, events, sandbox, timeoutMs } = options;
  const pollGapMs = options.pollGapMs ?? 20;
  const trials: FreshnessTrial[] = [];
  for (const target of options.targets) {
    const trial: FreshnessTrial = {
      entity: target.entity.name,
      instance: target.instance,
      application: target.application,
      polledMs: null,
      polls: 0,
      ...(events ? { pushedMs: null } : {}),
    };
    trials.push(trial);
    const before = find(await view.readState(target.entity), target);
    if (!before) {
      trial.error = `the view does not show ${target.application} on ${target.instance}`;
      continue;
    }

    let changedAt: number | undefined;
    let pushedAt: number | undefined;
    let baseline: ((value: void) => void) | undefined;
    const baselineSeen = new Promise<void>(resolve => {
      baseline = resolve;
    });
    const stream = events
      ? await events.followEvents(target.entity, apps => {
          const app = find(apps, target);
          if (app) baseline?.();
          // Synthetic applications never change by themselves: any difference is the trial's.
          if (pushedAt === undefined && differs(app, before)) {
            pushedAt = performance.now();
          }
        })
      : undefined;
    try {
      if (stream) {
        await Promise.race([baselineSeen, sleep(timeoutMs)]);
      }
      await sandbox.syncApplication(target.instance, target.application);
      changedAt = performance.now();
      while (performance.now() - changedAt < timeoutMs) {
        const now = find(await view.readState(target.entity), target);
        trial.polls += 1;
        if (differs(now, before)) {
          trial.polledMs = performance.now() - changedAt;
          break;
        }
        await sleep(pollGapMs);
      }
      if (stream) {
        while (
          pushedAt === undefined &&
          performance.now() - changedAt < timeoutMs
        ) {
          await sleep(5);
        }
        trial.pushedMs =
          pushedAt === undefined ? null : Math.max(0, pushedAt - changedAt);
      }
    } finally {
      stream?.close();
    }
  }
  return trials;
}
