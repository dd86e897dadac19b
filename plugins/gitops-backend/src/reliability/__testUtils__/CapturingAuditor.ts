import {
  type AuditorService,
  type AuditorServiceCreateEventOptions,
  type AuditorServiceEvent,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Evidence } from './Evidence';

/** One audit event as the auditor received it. */
export interface CapturedAuditEvent {
  eventId: string;
  severityLevel?: string;
  outcome: 'pending' | 'success' | 'fail';
  meta: JsonObject;
  errorMessage?: string;
}

/**
 * An auditor that keeps every event with everything it was given (meta, the request line,
 * the error with its stack) and writes each into the evidence: a superset of what Backstage's
 * auditor would ship.
 */
export class CapturingAuditor implements AuditorService {
  readonly events: CapturedAuditEvent[] = [];

  constructor(private readonly evidence: Evidence) {}

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const event: CapturedAuditEvent = {
      eventId: options.eventId,
      severityLevel: options.severityLevel,
      outcome: 'pending',
      meta: { ...(options.meta ?? {}) },
    };
    this.events.push(event);
    const request = options.request
      ? `${options.request.method} ${options.request.originalUrl}`
      : '';
    const record = (extra: unknown) =>
      this.evidence.add(
        'audit',
        `${event.eventId} ${event.outcome} ${request} ${JSON.stringify(
          event.meta,
        )} ${JSON.stringify(extra)}`,
      );
    return {
      success: async o => {
        event.outcome = 'success';
        event.meta = { ...event.meta, ...(o?.meta ?? {}) };
        record({});
      },
      fail: async o => {
        event.outcome = 'fail';
        event.meta = { ...event.meta, ...(o.meta ?? {}) };
        event.errorMessage = o.error.message;
        record({
          ...o.error,
          name: o.error.name,
          message: o.error.message,
          stack: o.error.stack,
        });
      },
    };
  }

  /** The auditor service of a test backend's plugins. */
  factory() {
    return createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => this,
    });
  }
}
