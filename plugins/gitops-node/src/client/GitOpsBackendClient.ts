import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  type ChangePlan,
  type ChangeRecord,
  GITOPS_ROUTES,
  type OnboardingRequest,
  type PinRequest,
  type PromotionRequest,
  type RollbackRequest,
} from '@gitops-portal/plugin-gitops-common';

/**
 * What a change route answers: the record, or the plan of a dry run.
 *
 * @public
 */
export type ChangeResponse = ChangeRecord | ChangePlan;

/**
 * An error answered by the GitOps backend, with Backstage's error body.
 *
 * @public
 */
export class GitOpsBackendError extends Error {
  readonly statusCode: number;
  readonly body: unknown;

  constructor(
    statusCode: number,
    name: string,
    message: string,
    body: unknown,
  ) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.body = body;
  }
}

/**
 * Calls the GitOps backend's change routes on behalf of a user, so that another backend plugin
 * (the scaffolder module) goes through the same engine and permission checks as the UI.
 *
 * @public
 */
export class GitOpsBackendClient {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  promote(
    request: PromotionRequest,
    credentials: BackstageCredentials,
  ): Promise<ChangeResponse> {
    return this.post(GITOPS_ROUTES.promotions, request, credentials);
  }

  rollback(
    request: RollbackRequest,
    credentials: BackstageCredentials,
  ): Promise<ChangeResponse> {
    return this.post(GITOPS_ROUTES.rollbacks, request, credentials);
  }

  pin(
    request: PinRequest,
    credentials: BackstageCredentials,
  ): Promise<ChangeResponse> {
    return this.post(GITOPS_ROUTES.pins, request, credentials);
  }

  onboard(
    request: OnboardingRequest,
    credentials: BackstageCredentials,
  ): Promise<ChangeResponse> {
    return this.post(GITOPS_ROUTES.onboardings, request, credentials);
  }

  private async post<T>(
    path: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('gitops');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'gitops',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = parsed?.error ?? {};
      throw new GitOpsBackendError(
        response.status,
        error.name ?? 'Error',
        error.message ?? `GitOps backend answered ${response.status}`,
        parsed,
      );
    }
    return parsed as T;
  }
}
