import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type ChangeRecordList,
  type ChangeState,
  gitopsStatusReadPermission,
} from '@gitops-portal/plugin-gitops-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { GitOpsConfig } from '../config/GitOpsConfig';
import type { EntityAccess } from '../service/EntityAccess';
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
 * Every change emits an auditor event (`promotion-create`, `rollback-create`, `pin-create`,
 * `onboarding-create`) on success and on failure.
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

  const change =
    <T extends { dryRun?: boolean }>(
      eventId: string,
      schema: z.ZodType<T>,
      describe: (body: T) => Record<string, unknown>,
      run: (
        body: T,
        credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
      ) => Promise<ChangeOutcome>,
    ) =>
    async (req: Request, res: Response) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const raw = req.body as Record<string, unknown> | undefined;
      const event = await auditor.createEvent({
        eventId,
        severityLevel: raw?.dryRun === true ? 'low' : 'medium',
        request: req,
        meta: { dryRun: raw?.dryRun === true },
      });
      try {
        const body = parseRequestInput(schema, req.body, 'request body');
        const outcome = await run(body, credentials);
        await event.success({
          meta: {
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
          },
        });
        respond(res, outcome);
      } catch (error) {
        await event.fail({
          error: error as Error,
          meta: {
            ...(error instanceof GateFailedError
              ? {
                  failedGates: error.gates
                    .filter(g => !g.passed)
                    .map(g => g.name),
                }
              : {}),
          },
        });
        if (error instanceof GateFailedError) {
          res.status(409).json({
            error: { name: 'ConflictError', message: error.message },
            request: { method: req.method, url: req.originalUrl },
            response: { statusCode: 409 },
            gates: error.gates,
          });
          return;
        }
        throw error;
      }
    };

  router.post(
    '/v1/promotions',
    change(
      'promotion-create',
      promotionBody,
      b => ({ entityRef: b.entityRef, from: b.from, to: b.to }),
      (b, c) => engine.promote(b, c),
    ),
  );
  router.post(
    '/v1/rollbacks',
    change(
      'rollback-create',
      rollbackBody,
      b => ({ entityRef: b.entityRef, environment: b.environment }),
      (b, c) => engine.rollback(b, c),
    ),
  );
  router.post(
    '/v1/pins',
    change(
      'pin-create',
      pinBody,
      b => ({ service: b.service, environment: b.environment }),
      (b, c) => engine.pin(b, c),
    ),
  );
  router.post(
    '/v1/onboardings',
    change(
      'onboarding-create',
      onboardingBody,
      b => ({ service: b.service, environments: b.environments }),
      (b, c) => engine.onboard(b, c),
    ),
  );

  router.get('/v1/promotions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseRequestInput(listQuery, req.query, 'query parameter');
    let entityRef: string | undefined;
    if (query.entityRef) {
      let ref;
      try {
        ref = parseEntityRef(query.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
      }
      const entity = await entityAccess.load(ref, credentials);
      await entityAccess.require(
        gitopsStatusReadPermission,
        { entity },
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
    const body: ChangeRecordList = { items: visible.map(toApiRecord) };
    res.json(body);
  });

  router.get('/v1/promotions/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseRequestInput(z.uuid(), req.params.id, 'record id');
    const record = await store.get(id);
    if (record?.entityRef) {
      const entity = await entityAccess.load(
        parseEntityRef(record.entityRef),
        credentials,
      );
      await entityAccess.require(
        gitopsStatusReadPermission,
        { entity },
        credentials,
      );
    }
    if (!record) throw new NotFoundError(`No change record ${id}`);
    const [visible] = await visibleRecords([record], entityAccess, credentials);
    if (!visible) throw new NotFoundError(`No change record ${id}`);
    res.json(toApiRecord(record));
  });

  router.get(
    '/v1/entities/:namespace/:kind/:name/history',
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
      const entity = await entityAccess.load(params, credentials);
      await entityAccess.require(
        gitopsStatusReadPermission,
        { entity },
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
  );

  return router;
}
