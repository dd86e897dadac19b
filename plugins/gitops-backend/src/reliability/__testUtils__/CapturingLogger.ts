import {
  coreServices,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Evidence } from './Evidence';

function describeMeta(meta: Error | JsonObject | undefined): string {
  if (meta === undefined) return '';
  if (meta instanceof Error) {
    return JSON.stringify({
      ...meta,
      name: meta.name,
      message: meta.message,
      stack: meta.stack,
    });
  }
  return JSON.stringify(meta);
}

/**
 * A root logger that writes every line, with its metadata and child fields, into the
 * evidence: what a log shipper would store.
 */
export class CapturingLogger implements RootLoggerService {
  constructor(
    private readonly evidence: Evidence,
    private readonly fields: JsonObject = {},
  ) {}

  private write(level: string, message: string, meta?: Error | JsonObject) {
    this.evidence.add(
      'log',
      `${level} ${message} ${JSON.stringify(this.fields)} ${describeMeta(
        meta,
      )}`,
    );
  }

  error(message: string, meta?: Error | JsonObject): void {
    this.write('error', message, meta);
  }

  warn(message: string, meta?: Error | JsonObject): void {
    this.write('warn', message, meta);
  }

  info(message: string, meta?: Error | JsonObject): void {
    this.write('info', message, meta);
  }

  debug(message: string, meta?: Error | JsonObject): void {
    this.write('debug', message, meta);
  }

  child(meta: JsonObject): LoggerService {
    return new CapturingLogger(this.evidence, { ...this.fields, ...meta });
  }

  /** The root logger service of a test backend, writing into the evidence. */
  static factory(evidence: Evidence) {
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => new CapturingLogger(evidence),
    });
  }
}
