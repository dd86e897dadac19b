import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type ChangeRecordList,
  type ChangeState,
  GITOPS_ROUTES,
  gitopsEntityRoutePattern,
  gitopsStatusReadPermission,
} from '@gitops-portal/plugin-gitops-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import type { EntityAccess } from '../service/EntityAccess';
import { auditedRoute, entityRouteMeta } from '../service/auditedRoute';
import { entityRouteParams, parseRequestInput } from '../service/requestInput';
import { type ChangeRecordStore, toApiRecord } from './ChangeRecordStore';
import type { EntityStatusReader } from '../service/types';
import { serviceOfEntity } from './entityService';
import { visibleRecords } from './visibleRecords';
import { GateFailedError } from './GateFailedError';
import type { PinHistory } from './PinHistory';
import type { ChangeOutcome, PromotionEngine } from './PromotionEngine';

const name = z.string().min(1).max(253);
const promotionBody = z.strictObject({
  entityRef: name,
  to: name,
  from: name.optional(),
  dryRun: z.boolean().optional(),
});
const rollbackBody = z.strictObject({
  entityRef: name,
  environment: name,
  digest: z.string().max(200).optional(),
  dryRun: z.boolean().optional(),
});
const pinBody = z.strictObject({
  service: z.string().max(253),
  environment: name,
  digest: z.string().max(200),
  image: z.string().min(1).max(512).optional(),
  dryRun: z.boolean().optional(),
});
const onboardingBody = z.strictObject({
  service: z.string().max(253),
  image: z.string().min(1).max(512),
  environments: z.array(name).max(50).optional(),
  digest: z.string().max(200).optional(),
  format: z.enum(['helm', 'kustomize']).optional(),
  dryRun: z.boolean().optional(),
});
const STATES: ChangeState[] = [
  'open',
  'merged',
  'deployed',
  'closed',
  'failed',
];
const listQuery = z.object({
  entityRef: name.optional(),
  service: name.optional(),
  state: z
    .string()
    .optional()
    .transform(s => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(STATES)).optional()),
  type: z.enum(['promotion', 'rollback', 'pin', 'onboarding']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const historyQuery = z.object({
  environment: name,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/**
 * Options of {@link createChangesRouter}.
 *
 * @public
 */
export interface ChangesRouterOptions {
  config: GitOpsConfig;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  entityAccess: EntityAccess;
  engine: PromotionEngine;
  store: ChangeRecordStore;
  history: PinHistory;
  /** Which service an entity is (the read side's rule). */
  statusReader: Pick<EntityStatusReader, 'serviceOf'>;
}

/**
 * The write-side routes, under `/api/gitops`:
 *
 * - `POST /v1/promotions`, `/v1/rollbacks`, `/v1/pins`, `/v1/onboardings`: open the change's
 *   pull request; `201` with the record, `200` when it existed already, `200` with the plan
 *   for `dryRun: true`, `409` with `gates` when a gate fails;
 * - `GET /v1/promotions?entityRef=&service=&state=&type=&limit=`: records, newest first;
 * - `GET /v1/promotions/{id}`: one record;
 * - `GET /v1/entities/{namespace}/{kind}/{name}/history?environment=&cursor=&limit=`: the
 *   pin's history in the GitOps repository.
 *
 * Every route emits an auditor event on success and on failure: the changes
 * (`promotion-create`, `rollback-create`, `pin-create`, `onboarding-create`; `medium`, `low`
 * for a dry run), the reads (`change-fetch`, `history-fetch`; `low`).
 *
 * @public
 */
export function createChangesRouter(options: ChangesRouterOptions) {
  const { httpAuth, auditor, engine, store, entityAccess } = options;
  const router = Router();

  const respond = (res: Response, outcome: ChangeOutcome) => {
    if (outcome.kind === 'plan') {
      res.status(200).json(outcome.plan);
    } else {
      res.status(outcome.created ? 201 : 200).json(outcome.record);
    }
  };

  const change = <T extends { dryRun?: boolean }>(
    eventId: string,
    schema: z.ZodType<T>,
    describe: (body: T) => JsonObject,
    run: (body: T, credentials: BackstageCredentials) => Promise<ChangeOutcome>,
  ) =>
    gateConflictAs409(
      auditedRoute(
        auditor,
        {
          eventId,
          severityLevel: req => (isDryRun(req) ? 'low' : 'medium'),
          meta: req => ({ dryRun: isDryRun(req) }),
          failureMeta: error =>
            error instanceof GateFailedError
              ? {
                  failedGates: error.gates
                    .filter(g => !g.passed)
                    .map(g => g.name),
                }
              : {},
        },
        async (req, res, audit) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          const body = parseRequestInput(schema, req.body, 'request body');
          const outcome = await run(body, credentials);
          await audit.success({
            ...describe(body),
            dryRun: body.dryRun === true,
            ...(outcome.kind === 'record'
              ? {
                  recordId: outcome.record.id,
                  state: outcome.record.state,
                  created: outcome.created,
                  pullRequest: outcome.record.pullRequest?.number ?? null,
                  digest: outcome.record.digest,
                }
              : { gatesPassed: outcome.plan.gates.every(g => g.passed) }),
          });
          respond(res, outcome);
        },
      ),
    );

  router.post(
    GITOPS_ROUTES.promotions,
    change(
      'promotion-create',
      promotionBody,
      b => ({ entityRef: b.entityRef, from: b.from, to: b.to }),
      (b, c) => engine.promote(b, c),
    ),
  );
  router.post(
    GITOPS_ROUTES.rollbacks,
    change(
      'rollback-create',
      rollbackBody,
      b => ({ entityRef: b.entityRef, environment: b.environment }),
      (b, c) => engine.rollback(b, c),
    ),
  );
  router.post(
    GITOPS_ROUTES.pins,
    change(
      'pin-create',
      pinBody,
      b => ({ service: b.service, environment: b.environment }),
      (b, c) => engine.pin(b, c),
    ),
  );
  router.post(
    GITOPS_ROUTES.onboardings,
    change(
      'onboarding-create',
      onboardingBody,
      b => ({ service: b.service, environments: b.environments }),
      (b, c) => engine.onboard(b, c),
    ),
  );

  router.get(
    GITOPS_ROUTES.promotions,
    auditedRoute(
      auditor,
      { eventId: 'change-fetch', meta: () => ({ queryType: 'list' }) },
      async (req, res, audit) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const query = parseRequestInput(
          listQuery,
          req.query,
          'query parameter',
        );
        let entityRef: string | undefined;
        if (query.entityRef) {
          let ref;
          try {
            ref = parseEntityRef(query.entityRef, {
              defaultKind: 'component',
              defaultNamespace: 'default',
            });
          } catch (error) {
            throw new InputError(
              `Invalid entityRef: ${(error as Error).message}`,
            );
          }
          const entity = await entityAccess.loadPermitted(
            ref,
            gitopsStatusReadPermission,
            credentials,
          );
          entityRef = stringifyEntityRef(entity);
        }
        const records = await store.list({
          entityRef,
          service: query.service,
          states: query.state,
          type: query.type,
          limit: query.limit,
        });
        // With an entityRef the check above covers every record; without, filter one by one.
        const visible = entityRef
          ? records
          : await visibleRecords(records, entityAccess, credentials);
        await audit.success({
          ...(entityRef ? { entityRef } : {}),
          count: visible.length,
        });
        const body: ChangeRecordList = { items: visible.map(toApiRecord) };
        res.json(body);
      },
    ),
  );

  router.get(
    `${GITOPS_ROUTES.promotions}/:id`,
    auditedRoute(
      auditor,
      { eventId: 'change-fetch', meta: () => ({ queryType: 'by-id' }) },
      async (req, res, audit) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const id = parseRequestInput(z.uuid(), req.params.id, 'record id');
        const record = await store.get(id);
        if (!record) throw new NotFoundError(`No change record ${id}`);
        if (record.entityRef) {
          // 404 when the entity is hidden from the caller, 403 without the permission on it
          await entityAccess.loadPermitted(
            parseEntityRef(record.entityRef),
            gitopsStatusReadPermission,
            credentials,
          );
        } else if (
          (await visibleRecords([record], entityAccess, credentials)).length ===
          0
        ) {
          throw new NotFoundError(`No change record ${id}`);
        }
        await audit.success({ recordId: id });
        res.json(toApiRecord(record));
      },
    ),
  );

  router.get(
    gitopsEntityRoutePattern('history'),
    auditedRoute(
      auditor,
      {
        eventId: 'history-fetch',
        meta: req => entityRouteMeta(req, 'history'),
      },
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const params = parseRequestInput(
          entityRouteParams,
          req.params,
          'parameter',
        );
        const query = parseRequestInput(
          historyQuery,
          req.query,
          'query parameter',
        );
        if (
          !options.config.environments.some(e => e.name === query.environment)
        ) {
          throw new InputError(
            `Unknown environment ${JSON.stringify(
              query.environment,
            )}; valid environments: ${options.config.environments
              .map(e => e.name)
              .join(', ')}`,
          );
        }
        const entity = await entityAccess.loadPermitted(
          params,
          gitopsStatusReadPermission,
          credentials,
        );
        const service = serviceOfEntity(entity, options.statusReader);
        res.json(
          await options.history.list(service, query.environment, {
            cursor: query.cursor,
            limit: query.limit,
          }),
        );
      },
    ),
  );

  return router;
}

function isDryRun(req: Request): boolean {
  return (req.body as { dryRun?: unknown } | undefined)?.dryRun === true;
}

/** Answers a change whose gates failed with 409 and the gates (the route audited it). */
function gateConflictAs409(
  route: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    try {
      await route(req, res);
    } catch (error) {
      if (!(error instanceof GateFailedError)) throw error;
      res.status(409).json({
        error: { name: 'ConflictError', message: error.message },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 409 },
        gates: error.gates,
      });
    }
  };
}
