import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  type ChangePlan,
  type ChangeRecord,
  type ChangeRecordList,
  type ChangeState,
  type DriftResponse,
  type EntityGitOpsStatus,
  type GateResult,
  GITOPS_ROUTES,
  type GitOpsEntityRoute,
  type GitOpsPublicConfig,
  gitopsEntityPath,
  type PinHistoryResponse,
  type PromotionRequest,
  type RollbackRequest,
} from '@gitops-portal/plugin-gitops-common';
import { GateFailedError } from './GateFailedError';
import type {
  DriftQuery,
  GitOpsApi,
  StatusSubscriber,
  StatusSubscriptionOptions,
} from './GitOpsApi';
import { StatusStream, type StatusStreamTiming } from './StatusStream';

/**
 * The {@link GitOpsApi} over Backstage's `fetchApi` (which sends the user's token) and
 * `discoveryApi` (which finds the backend under `/api/gitops`).
 *
 * @public
 */
export class GitOpsClient implements GitOpsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly streamTiming?: Partial<StatusStreamTiming>;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** Polling and reconnect intervals of status subscriptions (tests shorten them). */
    streamTiming?: Partial<StatusStreamTiming>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.streamTiming = options.streamTiming;
  }

  async getConfig(): Promise<GitOpsPublicConfig> {
    return this.getJson(await this.url(GITOPS_ROUTES.config));
  }

  async getStatus(entityRef: string): Promise<EntityGitOpsStatus> {
    return this.getJson(await this.entityUrl(entityRef, 'status'));
  }

  subscribeStatus(
    entityRef: string,
    subscriber: StatusSubscriber,
    options?: StatusSubscriptionOptions,
  ): () => void {
    let stream: StatusStream | undefined;
    let cancelled = false;
    const query = options?.includeChanges ? '?include=changes' : '';
    Promise.all([
      this.entityUrl(entityRef, 'status'),
      this.entityUrl(entityRef, 'events'),
    ]).then(
      ([statusUrl, eventsUrl]) => {
        if (cancelled) return;
        stream = new StatusStream({
          fetchApi: this.fetchApi,
          statusUrl: `${statusUrl}${query}`,
          eventsUrl: `${eventsUrl}${query}`,
          subscriber,
          timing: this.streamTiming,
        });
        stream.start();
      },
      error => subscriber.onError?.(error),
    );
    return () => {
      cancelled = true;
      stream?.stop();
    };
  }

  async getDrift(entityRef: string, query: DriftQuery): Promise<DriftResponse> {
    const params = new URLSearchParams({
      instance: query.instance,
      application: query.application,
    });
    if (query.environment) params.set('environment', query.environment);
    if (query.namespace) params.set('namespace', query.namespace);
    return this.getJson(
      `${await this.entityUrl(entityRef, 'drift')}?${params}`,
    );
  }

  async getPinHistory(
    entityRef: string,
    options: { environment: string; cursor?: string },
  ): Promise<PinHistoryResponse> {
    const params = new URLSearchParams({ environment: options.environment });
    if (options.cursor) params.set('cursor', options.cursor);
    return this.getJson(
      `${await this.entityUrl(entityRef, 'history')}?${params}`,
    );
  }

  async listChanges(
    entityRef: string,
    options?: { state?: ChangeState },
  ): Promise<ChangeRecordList> {
    const params = new URLSearchParams({ entityRef });
    if (options?.state) params.set('state', options.state);
    return this.getJson(
      `${await this.url(GITOPS_ROUTES.promotions)}?${params}`,
    );
  }

  async planPromotion(
    request: Omit<PromotionRequest, 'dryRun'>,
  ): Promise<ChangePlan> {
    return this.post(GITOPS_ROUTES.promotions, { ...request, dryRun: true });
  }

  async promote(
    request: Omit<PromotionRequest, 'dryRun'>,
  ): Promise<ChangeRecord> {
    return this.post(GITOPS_ROUTES.promotions, { ...request, dryRun: false });
  }

  async planRollback(
    request: Omit<RollbackRequest, 'dryRun'>,
  ): Promise<ChangePlan> {
    return this.post(GITOPS_ROUTES.rollbacks, { ...request, dryRun: true });
  }

  async rollback(
    request: Omit<RollbackRequest, 'dryRun'>,
  ): Promise<ChangeRecord> {
    return this.post(GITOPS_ROUTES.rollbacks, { ...request, dryRun: false });
  }

  private async url(path: string): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('gitops')}${path}`;
  }

  private async entityUrl(
    entityRef: string,
    route: GitOpsEntityRoute,
  ): Promise<string> {
    return this.url(gitopsEntityPath(entityRef, route));
  }

  private async getJson<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      return response.json();
    }
    if (response.status === 409) {
      const gates = await readGates(response.clone());
      if (gates) {
        const error = await ResponseError.fromResponse(response);
        throw new GateFailedError(error.cause.message, gates, 409);
      }
    }
    throw await ResponseError.fromResponse(response);
  }
}

/** The gates of a 409 body `{ error, gates }`, when it has them. */
async function readGates(
  response: Response,
): Promise<GateResult[] | undefined> {
  try {
    const body = await response.json();
    return Array.isArray(body?.gates)
      ? (body.gates as GateResult[])
      : undefined;
  } catch {
    return undefined;
  }
}
