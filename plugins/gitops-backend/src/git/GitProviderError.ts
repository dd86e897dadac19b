import { CustomErrorBase } from '@backstage/errors';
import { redact } from '../service/redact';

/**
 * A Git host failed or refused a call. Answered as 502 Bad Gateway: the request was fine, the
 * host was not. The message is redacted and names the host's status, never a credential.
 *
 * @public
 */
export class GitProviderError extends CustomErrorBase {
  name = 'GitProviderError' as const;
  /** Status code of the portal's answer (502). */
  readonly statusCode = 502;
  /** Status code the Git host answered, when it answered. */
  readonly hostStatus: number | undefined;

  constructor(message: string, hostStatus?: number) {
    super(redact(message));
    this.hostStatus = hostStatus;
  }
}

/**
 * The status the Git host answered to a failed call: set for a {@link GitProviderError} that
 * got an answer, undefined for anything else (a network failure, a bug).
 *
 * @public
 */
export function hostStatusOf(error: unknown): number | undefined {
  return error instanceof GitProviderError ? error.hostStatus : undefined;
}
