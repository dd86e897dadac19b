import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  isError,
} from '@backstage/errors';
import type { GateResult } from '@gitops-portal/plugin-gitops-common';
import { GitOpsBackendError } from '@gitops-portal/plugin-gitops-node';

function isGate(value: unknown): value is GateResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as GateResult).name === 'string' &&
    typeof (value as GateResult).passed === 'boolean' &&
    typeof (value as GateResult).message === 'string'
  );
}

/**
 * The gates of a 409 answer. Backstage's error body is `{ error, request, response }`; the
 * backend adds the gate results next to it, or inside `error`.
 */
export function gatesOfErrorBody(body: unknown): GateResult[] {
  if (typeof body !== 'object' || body === null) {
    return [];
  }
  const record = body as { gates?: unknown; error?: { gates?: unknown } };
  const gates = Array.isArray(record.gates)
    ? record.gates
    : record.error?.gates;
  return Array.isArray(gates) ? gates.filter(isGate) : [];
}

/**
 * Turns what the GitOps backend answered into the Backstage error a template run shows:
 * 400/404 are bad input, 403 a refusal, 409 a conflict (failed gates, an open change).
 * `what` says what was attempted, e.g. "promote component:default/gateway to staging".
 */
export function toActionError(error: unknown, what: string): Error {
  if (!(error instanceof GitOpsBackendError)) {
    if (error instanceof SyntaxError) {
      return new Error(
        `Could not ${what}: the GitOps backend answered something that is not JSON`,
      );
    }
    const message = isError(error) ? error.message : String(error);
    return new Error(
      `Could not ${what}: the GitOps backend could not be reached (${message})`,
    );
  }
  const message = `Could not ${what}: ${error.message}`;
  switch (error.statusCode) {
    case 400:
    case 404:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 409: {
      const failed = gatesOfErrorBody(error.body).filter(gate => !gate.passed);
      // The backend's message may already name the failed gates; do not repeat them.
      if (
        failed.length === 0 ||
        failed.every(gate => error.message.includes(gate.message))
      ) {
        return new ConflictError(message);
      }
      const gates = failed
        .map(gate => `${gate.name}: ${gate.message}`)
        .join('; ');
      return new ConflictError(`${message} (failed gates: ${gates})`);
    }
    default:
      return new Error(
        `${message} (GitOps backend answered ${error.statusCode})`,
      );
  }
}
