import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type {
  DriftedResourceDiff,
  DriftResponse,
} from '@gitops-portal/plugin-gitops-common';
import { createTwoFilesPatch } from 'diff';
import type { ApplicationIndex } from '../argocd/ApplicationIndex';
import { ArgoCdError } from '../argocd/ArgoCdError';
import type { IndexedApplication } from '../argocd/IndexedApplication';
import { normalizeManifest, parseState } from './normalizeManifest';

/**
 * The drift of one application: every out-of-sync resource with its desired and live
 * manifests as normalised YAML and a unified diff (desired `---`, live `+++`), read from Argo
 * CD's `managed-resources`. Desired is Argo CD's predicted live state (the live object with
 * git applied; the target state when it has none), live is its normalised live state, so the
 * diff shows what Argo CD compares. A resource counts when Argo CD marks it modified, when it
 * exists on one side only, or when the application lists it as out of sync. Hooks are left
 * out. Sorted by sync wave, then kind, namespace and name; grouping is the UI's business.
 *
 * @public
 */
export class DriftService {
  private readonly index: ApplicationIndex;
  private readonly cache?: CacheService;
  private readonly ttlMs: number;

  constructor(options: {
    index: ApplicationIndex;
    cache?: CacheService;
    /** How long a drift stays cached for one application version. Default 10 s. */
    ttlMs?: number;
  }) {
    this.index = options.index;
    this.cache = options.cache;
    this.ttlMs = options.ttlMs ?? 10_000;
  }

  async getDrift(app: IndexedApplication): Promise<DriftResponse> {
    const key = `drift/v1/${app.instance}/${app.key}/${app.resourceVersion}`;
    const cached = await this.cache?.get<JsonValue>(key).catch(() => undefined);
    if (cached) return cached as unknown as DriftResponse;

    const client = this.index.client(app.instance);
    if (!client) {
      throw new ArgoCdError({
        code: 'NOT_FOUND',
        instance: app.instance,
        message: `Argo CD instance ${app.instance} is not configured`,
      });
    }
    const managed = await client.getManagedResources({
      name: app.name,
      appNamespace: app.appNamespace,
    });

    const state = (value: string | null | undefined) => {
      try {
        return parseState(value);
      } catch {
        throw new ArgoCdError({
          code: 'INVALID_RESPONSE',
          instance: app.instance,
          message: `Argo CD instance ${app.instance} returned a resource state that is not JSON for ${app.name}`,
        });
      }
    };
    const resources: DriftedResourceDiff[] = [];
    for (const item of managed.items ?? []) {
      if (item.hook) continue;
      const group = item.group ?? '';
      const kind = item.kind ?? '';
      const namespace = item.namespace ?? '';
      const name = item.name ?? '';
      const known = app.drifted.find(
        r =>
          r.group === group &&
          r.kind === kind &&
          r.namespace === namespace &&
          r.name === name,
      );
      const target = state(item.targetState);
      const live = state(item.liveState);
      const drifted =
        item.modified === true || !target !== !live || known !== undefined;
      if (!drifted) continue;

      const desired = normalizeManifest(
        target ? state(item.predictedLiveState) ?? target : null,
      );
      const actual = normalizeManifest(
        live ? state(item.normalizedLiveState) ?? live : null,
      );
      const label = `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
      resources.push({
        group,
        kind,
        namespace,
        name,
        status: 'OutOfSync',
        health: known?.health ?? null,
        syncWave: known?.syncWave ?? 0,
        desired,
        live: actual,
        diff: createTwoFilesPatch(
          `desired/${label}`,
          `live/${label}`,
          desired ?? '',
          actual ?? '',
          undefined,
          undefined,
          { context: 3 },
        ),
      });
    }
    resources.sort(
      (a, b) =>
        a.syncWave - b.syncWave ||
        a.kind.localeCompare(b.kind) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );

    const response: DriftResponse = {
      environment: app.classification.environment,
      instance: app.instance,
      application: app.name,
      resources,
    };
    await this.cache
      ?.set(key, response as unknown as JsonValue, { ttl: this.ttlMs })
      .catch(() => undefined);
    return response;
  }
}
