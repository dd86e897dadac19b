import type {
  GitOpsError,
  GitOpsErrorCode,
} from '@gitops-portal/plugin-gitops-common';

/**
 * A failed call to one Argo CD instance, classified by what the caller can do about it.
 * Messages are built by the client from the instance name, the path and Argo CD's own error
 * message, with every configured secret scrubbed out.
 *
 * @public
 */
export class ArgoCdError extends Error {
  readonly code: GitOpsErrorCode;
  readonly instance: string;
  /** HTTP status of the answer, when there was one. */
  readonly statusCode?: number;

  constructor(options: {
    code: GitOpsErrorCode;
    instance: string;
    message: string;
    statusCode?: number;
  }) {
    super(options.message);
    this.name = 'ArgoCdError';
    this.code = options.code;
    this.instance = options.instance;
    this.statusCode = options.statusCode;
  }

  /** The error as the status API reports it. */
  toGitOpsError(): GitOpsError {
    return { code: this.code, message: this.message };
  }
}

/**
 * Any thrown value as a {@link @gitops-portal/plugin-gitops-common#GitOpsError}. Values that are
 * not an {@link ArgoCdError} were not produced by the client, so their message is not trusted
 * to be free of secrets and is replaced by a generic one.
 *
 * @public
 */
export function toGitOpsError(error: unknown, instance: string): GitOpsError {
  if (error instanceof ArgoCdError) {
    return error.toGitOpsError();
  }
  return {
    code: 'INVALID_RESPONSE',
    message: `Argo CD instance ${instance} could not be read`,
  };
}
