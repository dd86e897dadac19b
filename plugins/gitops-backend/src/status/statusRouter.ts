import { createHash } from 'node:crypto';
import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  gitopsEntityRoutePattern,
  gitopsStatusReadPermission,
} from '@gitops-portal/plugin-gitops-common';
import type { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ArgoCdError } from '../argocd/ArgoCdError';
import type { DriftService } from '../drift/DriftService';
import type { EntityAccess } from '../service/EntityAccess';
import { auditedRoute, entityRouteMeta } from '../service/auditedRoute';
import { entityRouteParams, parseRequestInput } from '../service/requestInput';
import type { EntityStatusReadout } from './EntityStatusReadout';
import type { EntityStatusService } from './EntityStatusService';
import type { StatusEvents } from './StatusEvents';

/** How long `?wait=details` waits at most for details never read yet. */
export const DETAILS_WAIT_MS = 2_000;

/** Kubernetes object names (RFC 1123 subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Options of {@link createStatusRouter}.
 *
 * @public
 */
export interface StatusRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  entityAccess: EntityAccess;
  status: EntityStatusService;
  /** Bodies of the status route and events (the status, with changes when asked). */
  readout: EntityStatusReadout;
  drift: DriftService;
  events: StatusEvents;
  /** Configured Argo CD instance names: the only values `instance` may take. */
  instances: string[];
}

/**
 * The read-side routes, under `/api/gitops`:
 *
 * - `GET /v1/entities/{namespace}/{kind}/{name}/status[?wait=details][&include=changes]`: the
 *   entity's status (`EntityGitOpsStatus`), with a strong `ETag`; `If-None-Match` answers 304.
 *   It answers at once with what the index holds (targets whose details are still read say
 *   `detailsLoading`); `wait=details` waits for those details up to {@link DETAILS_WAIT_MS};
 *   `include=changes` adds the entity's change records (`changes`), under the same `ETag`;
 * - `GET /v1/entities/{namespace}/{kind}/{name}/drift?instance=&application=&environment=`:
 *   out-of-sync resources of one of the entity's applications (`DriftResponse`);
 * - `GET /v1/entities/{namespace}/{kind}/{name}/events[?include=changes]`: server-sent
 *   `status` events (with the change records when asked).
 *
 * Every route loads the entity as the caller sees it (404 when unknown) and requires
 * `gitops.status.read` on it (403). Instances are named, never addressed by URL.
 *
 * @public
 */
export function createStatusRouter(options: StatusRouterOptions) {
  const { httpAuth, auditor, entityAccess, status, readout, drift, events } =
    options;
  const router = Router();

  const driftQuery = z.object({
    instance: z
      .string()
      .refine(
        i => options.instances.includes(i),
        'not a configured Argo CD instance',
      ),
    application: z
      .string()
      .max(253)
      .regex(OBJECT_NAME, 'not an Argo CD application name'),
    namespace: z
      .string()
      .max(63)
      .regex(OBJECT_NAME, 'not a namespace')
      .optional(),
    environment: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'not an environment name')
      .optional(),
  });

  const include = z
    .enum(['changes'], { error: "the only accepted value is 'changes'" })
    .optional();
  const statusQuery = z.object({
    wait: z
      .enum(['details'], { error: "the only accepted value is 'details'" })
      .optional(),
    include,
  });
  const eventsQuery = z.object({ include });

  /** The entity of the route, as the caller sees it, with the read permission on it. */
  async function authorizedEntity(req: Request) {
    const ref = parseRequestInput(entityRouteParams, req.params, 'parameter');
    return entityAccess.loadPermitted(
      ref,
      gitopsStatusReadPermission,
      await httpAuth.credentials(req),
    );
  }

  router.get(
    gitopsEntityRoutePattern('status'),
    auditedRoute(
      auditor,
      { eventId: 'status-fetch', meta: req => entityRouteMeta(req, 'status') },
      async (req, res) => {
        const query = parseRequestInput(
          statusQuery,
          req.query,
          'query parameter',
        );
        const asked = {
          includeChanges: query.include === 'changes',
          waitForDetailsMs:
            query.wait === 'details' ? DETAILS_WAIT_MS : undefined,
        };
        readout.check(asked);
        const entity = await authorizedEntity(req);
        const body = JSON.stringify(await readout.read(entity, asked));
        const etag = `"${createHash('sha256')
          .update(body)
          .digest('base64url')}"`;
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'private, no-cache');
        if (ifNoneMatch(req.header('if-none-match'), etag)) {
          res.status(304).end();
          return;
        }
        res.status(200).type('application/json').send(body);
      },
    ),
  );

  router.get(
    gitopsEntityRoutePattern('drift'),
    auditedRoute(
      auditor,
      { eventId: 'drift-fetch', meta: req => entityRouteMeta(req, 'drift') },
      async (req, res, audit) => {
        const query = parseRequestInput(
          driftQuery,
          req.query,
          'query parameter',
        );
        const entity = await authorizedEntity(req);
        const app = status.findApplication(entity, {
          instance: query.instance,
          name: query.application,
          namespace: query.namespace,
        });
        if (!app) {
          throw new NotFoundError(
            `Application ${query.application} on instance ${
              query.instance
            } does not belong to ${stringifyEntityRef(entity)}`,
          );
        }
        if (
          query.environment !== undefined &&
          app.classification.environment !== query.environment
        ) {
          throw new NotFoundError(
            `Application ${query.application} on instance ${query.instance} is not in environment ${query.environment}`,
          );
        }
        let response;
        try {
          response = await drift.getDrift(app);
        } catch (e) {
          if (e instanceof ArgoCdError) {
            throw e.code === 'NOT_FOUND'
              ? new NotFoundError(e.message)
              : new ServiceUnavailableError(`${e.code}: ${e.message}`);
          }
          throw e;
        }
        await audit.success({ instance: app.instance, application: app.name });
        res.json(response);
      },
    ),
  );

  router.get(
    gitopsEntityRoutePattern('events'),
    auditedRoute(
      auditor,
      {
        eventId: 'status-subscribe',
        meta: req => entityRouteMeta(req, 'events'),
      },
      async (req, res, audit) => {
        const query = parseRequestInput(
          eventsQuery,
          req.query,
          'query parameter',
        );
        const asked = { includeChanges: query.include === 'changes' };
        readout.check(asked);
        const entity = await authorizedEntity(req);
        // Recorded when the stream opens: it stays open as long as the page.
        await audit.success();
        await events.stream(entity, res, asked);
      },
    ),
  );

  return router;
}

/** Weak comparison, as `If-None-Match` uses: `W/` prefixes are ignored; `*` matches. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === etag);
}
