import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  type EntityGitOpsStatus,
  GITOPS_ROUTES,
  type GitOpsPublicConfig,
  gitopsEntityPath,
  type PinHistoryResponse,
} from '@gitops-portal/plugin-gitops-common';

/** The APIs the scaffolder fields read the GitOps backend with. */
export interface GitOpsFieldApis {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
}

async function getJson<T>(apis: GitOpsFieldApis, path: string): Promise<T> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('gitops');
  const response = await apis.fetchApi.fetch(`${baseUrl}${path}`);
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as T;
}

/** The backend's own message for a failed request (Backstage error body), else the error's. */
export function messageOf(error: Error): string {
  if (error instanceof ResponseError) {
    return error.cause.message || error.message;
  }
  return error.message;
}

/** `GET /v1/config`: the environments in promotion order. */
export function getGitOpsConfig(
  apis: GitOpsFieldApis,
): Promise<GitOpsPublicConfig> {
  return getJson(apis, GITOPS_ROUTES.config);
}

/** `GET /v1/entities/{ns}/{kind}/{name}/status`: the entity's pins and live state. */
export function getEntityStatus(
  apis: GitOpsFieldApis,
  entityRef: string,
): Promise<EntityGitOpsStatus> {
  return getJson(apis, gitopsEntityPath(entityRef, 'status'));
}

/** `GET /v1/entities/{ns}/{kind}/{name}/history?environment=`: pin changes, newest first. */
export function getPinHistory(
  apis: GitOpsFieldApis,
  entityRef: string,
  environment: string,
): Promise<PinHistoryResponse> {
  const query = new URLSearchParams({ environment });
  return getJson(apis, `${gitopsEntityPath(entityRef, 'history')}?${query}`);
}
