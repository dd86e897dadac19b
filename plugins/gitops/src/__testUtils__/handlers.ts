/*
 * msw handlers playing the GitOps backend's routes, with the backend's error body shape.
 */
import type {
  ChangePlan,
  ChangeRecord,
  DriftResponse,
  EntityGitOpsStatus,
  GateResult,
  GitOpsPublicConfig,
  PinHistoryResponse,
} from '@gitops-portal/plugin-gitops-common';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import {
  config as defaultConfig,
  makeDrift,
  makeHistory,
  makePlan,
  makeRecord,
  makeStatus,
} from './status';

export const BACKEND = 'http://backstage.test/api/gitops';
const ENTITY = `${BACKEND}/v1/entities/:namespace/:kind/:name`;

/** Backstage's JSON error body. */
export function errorBody(
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/api/gitops' },
      response: { statusCode: status },
      ...extra,
    } as JsonBodyType,
    { status },
  );
}

/** A 409 of a change route whose gates failed. */
export function gateConflict(gates: GateResult[]) {
  const failed = gates.filter(g => !g.passed).map(g => g.name);
  return errorBody(409, 'ConflictError', `Gates failed: ${failed.join(', ')}`, {
    gates,
  });
}

export interface BackendState {
  config?: GitOpsPublicConfig;
  status?: EntityGitOpsStatus | (() => Response | EntityGitOpsStatus);
  /** The status answers once this promise settles (to observe the loading state). */
  statusGate?: Promise<void>;
  /** Whether `/events` streams; otherwise it answers 404 and the client polls. */
  events?: ReadableStream<Uint8Array>;
  records?: ChangeRecord[];
  planPromotion?: (body: {
    from?: string;
    to: string;
  }) => ChangePlan | Response;
  promote?: (body: { from?: string; to: string }) => ChangeRecord | Response;
  planRollback?: (body: {
    environment: string;
    digest?: string;
  }) => ChangePlan | Response;
  rollback?: (body: {
    environment: string;
    digest?: string;
  }) => ChangeRecord | Response;
  history?: (environment: string) => PinHistoryResponse;
  drift?: DriftResponse | (() => Response);
}

const asResponse = (value: unknown, status = 200) =>
  value instanceof Response
    ? value
    : HttpResponse.json(value as JsonBodyType, { status });

/** Handlers for every route the frontend calls. */
export function backendHandlers(state: BackendState = {}) {
  return [
    http.get(`${BACKEND}/v1/config`, () =>
      HttpResponse.json(state.config ?? defaultConfig),
    ),
    http.get(`${ENTITY}/status`, async ({ request }) => {
      if (state.statusGate) await state.statusGate;
      const value = state.status ?? makeStatus();
      const status = typeof value === 'function' ? value() : value;
      // As the backend: `include=changes` adds the entity's records to the status.
      const includeChanges =
        new URL(request.url).searchParams.get('include') === 'changes';
      return asResponse(
        includeChanges && !(status instanceof Response)
          ? { ...status, changes: state.records ?? [] }
          : status,
      );
    }),
    http.get(`${ENTITY}/events`, () =>
      state.events
        ? new HttpResponse(state.events, {
            headers: { 'content-type': 'text/event-stream' },
          })
        : errorBody(404, 'NotFoundError', 'No events route'),
    ),
    http.get(`${ENTITY}/history`, ({ request }) => {
      const environment =
        new URL(request.url).searchParams.get('environment') ?? '';
      return HttpResponse.json(
        (state.history ?? makeHistory)(environment) as unknown as JsonBodyType,
      );
    }),
    http.get(`${ENTITY}/drift`, () => {
      const drift = state.drift ?? makeDrift();
      return asResponse(typeof drift === 'function' ? drift() : drift);
    }),
    http.get(`${BACKEND}/v1/promotions`, () =>
      HttpResponse.json({ items: state.records ?? [] } as JsonBodyType),
    ),
    http.post(`${BACKEND}/v1/promotions`, async ({ request }) => {
      const body = (await request.json()) as {
        from?: string;
        to: string;
        dryRun?: boolean;
      };
      if (body.dryRun) {
        return asResponse((state.planPromotion ?? (() => makePlan()))(body));
      }
      return asResponse((state.promote ?? (() => makeRecord()))(body), 201);
    }),
    http.post(`${BACKEND}/v1/rollbacks`, async ({ request }) => {
      const body = (await request.json()) as {
        environment: string;
        digest?: string;
        dryRun?: boolean;
      };
      if (body.dryRun) {
        return asResponse(
          (
            state.planRollback ??
            (b =>
              makePlan({
                type: 'rollback',
                digest: b.digest ?? null,
                title: `Roll back gateway in ${b.environment}`,
              }))
          )(body),
        );
      }
      return asResponse(
        (
          state.rollback ??
          (b =>
            makeRecord({
              id: 'rec-rollback',
              type: 'rollback',
              from: null,
              to: b.environment,
              digest: b.digest ?? '',
              pullRequest: {
                number: 43,
                url: 'http://localhost:7010/acme/gitops/pull/43',
                branch: 'gitops/rollback/gateway/prod',
              },
            }))
        )(body),
        201,
      );
    }),
  ];
}
