import type {
  SyncWindow,
  SyncWindowsSummary,
} from '@gitops-portal/plugin-gitops-common';
import { argoGlobMatch } from './argoGlob';
import type { ValidatedProjectSyncWindow } from './schemas';

/**
 * A sync window of a project, and whether Argo CD reports it active now.
 *
 * @public
 */
export interface ProjectSyncWindow {
  window: ValidatedProjectSyncWindow;
  active: boolean;
}

/**
 * What of an application decides which windows apply to it.
 *
 * @public
 */
export interface SyncWindowTarget {
  name: string;
  destination: {
    server: string | null;
    name: string | null;
    namespace: string | null;
  };
}

/**
 * The sync windows of one application, worked out from its project's windows the way Argo CD
 * answers `GET /api/v1/applications/{name}/syncwindows`:
 *
 * - a window applies when one of its `applications` patterns matches the application's name,
 *   one of its `clusters` matches the destination's name or server, or one of its
 *   `namespaces` matches the destination namespace (all the lists it sets, with `andOperator`);
 * - `canSync` is for a manual sync: an active deny window blocks unless every active deny
 *   window allows manual syncs; otherwise an active allow window permits; otherwise allow
 *   windows that apply but are closed block, unless all of them allow manual syncs.
 *
 * @public
 */
export function syncWindowsOfApplication(
  windows: readonly ProjectSyncWindow[],
  app: SyncWindowTarget,
): SyncWindowsSummary {
  const applying = windows.filter(w => applies(w.window, app));
  const active = applying.filter(w => w.active).map(w => w.window);
  const closedAllows = applying
    .filter(w => !w.active && w.window.kind === 'allow')
    .map(w => w.window);
  return {
    canSync: canSyncManually(active, closedAllows),
    active: active.map(toSyncWindow),
  };
}

function applies(window: ValidatedProjectSyncWindow, app: SyncWindowTarget) {
  const checks: boolean[] = [];
  const { applications, clusters, namespaces } = window;
  if (applications?.length) {
    checks.push(applications.some(p => argoGlobMatch(p, app.name)));
  }
  if (clusters?.length) {
    const { name, server } = app.destination;
    checks.push(
      clusters.some(
        p =>
          (!!name && argoGlobMatch(p, name)) ||
          (!!server && argoGlobMatch(p, server)),
      ),
    );
  }
  if (namespaces?.length) {
    const namespace = app.destination.namespace ?? '';
    checks.push(namespaces.some(p => argoGlobMatch(p, namespace)));
  }
  if (checks.length === 0) return false;
  return window.andOperator ? checks.every(Boolean) : checks.some(Boolean);
}

function canSyncManually(
  active: ValidatedProjectSyncWindow[],
  closedAllows: ValidatedProjectSyncWindow[],
): boolean {
  const denies = active.filter(w => w.kind === 'deny');
  if (denies.length > 0) return denies.every(w => !!w.manualSync);
  if (active.some(w => w.kind === 'allow')) return true;
  if (closedAllows.length > 0) return closedAllows.every(w => !!w.manualSync);
  return true;
}

function toSyncWindow(window: ValidatedProjectSyncWindow): SyncWindow {
  return {
    kind: window.kind ?? 'allow',
    schedule: window.schedule ?? '',
    duration: window.duration ?? '',
    manualSync: window.manualSync ?? false,
  };
}
