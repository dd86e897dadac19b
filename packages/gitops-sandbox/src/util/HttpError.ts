/**
 * An error that an HTTP route turns into a response with this status and body, in the error
 * format of the API it belongs to (GitHub or Argo CD).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
