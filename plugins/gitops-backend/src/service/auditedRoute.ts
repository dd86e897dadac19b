import type {
  AuditorService,
  AuditorServiceEventSeverityLevel as Severity,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request, Response } from 'express';

/**
 * The audit event of one request, as a route handler sees it.
 *
 * @public
 */
export interface RouteAudit {
  /**
   * Records the success now, with more metadata (a stream that stays open records it before it
   * starts); without a call, success is recorded when the handler returns.
   */
  success(meta?: JsonObject): Promise<void>;
}

/**
 * How {@link auditedRoute} describes a route's events.
 *
 * @public
 */
export interface AuditedRouteOptions {
  eventId: string;
  /** Default `low` (reads). */
  severityLevel?: Severity | ((req: Request) => Severity);
  /** Metadata known before the handler runs (never secrets). */
  meta?: (req: Request) => JsonObject;
  /** Metadata of a failure, beyond the error. */
  failureMeta?: (error: unknown) => JsonObject;
}

/**
 * The one audit of every route: an auditor event per request, that succeeds when the handler
 * returns (or says so earlier) and fails, with the error, when it throws; the error goes on
 * to the router's error handling.
 *
 * @public
 */
export function auditedRoute(
  auditor: AuditorService,
  options: AuditedRouteOptions,
  handler: (req: Request, res: Response, audit: RouteAudit) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const severityLevel =
      typeof options.severityLevel === 'function'
        ? options.severityLevel(req)
        : options.severityLevel ?? 'low';
    const event = await auditor.createEvent({
      eventId: options.eventId,
      severityLevel,
      request: req,
      meta: options.meta?.(req),
    });
    let recorded = false;
    const audit: RouteAudit = {
      async success(meta) {
        if (recorded) return;
        recorded = true;
        await event.success(meta ? { meta } : undefined);
      },
    };
    try {
      await handler(req, res, audit);
    } catch (error) {
      if (!recorded) {
        recorded = true;
        await event.fail({
          error: error as Error,
          ...(options.failureMeta ? { meta: options.failureMeta(error) } : {}),
        });
      }
      throw error;
    }
    await audit.success();
  };
}

/**
 * The audit metadata of a route about an entity: what is asked (`queryType`) about which
 * entity, as the path names it (before it is validated, so shortened).
 *
 * @public
 */
export function entityRouteMeta(req: Request, queryType: string): JsonObject {
  const { namespace, kind, name } = req.params;
  return { queryType, entityRef: `${kind}:${namespace}/${name}`.slice(0, 300) };
}
