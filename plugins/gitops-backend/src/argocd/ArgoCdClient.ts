import type { GitOpsErrorCode } from '@gitops-portal/plugin-gitops-common';
import type { z } from 'zod';
import type { ArgoCdInstanceConfig } from '../config/GitOpsConfig';
import { redact } from '../service/redact';
import { ArgoCdError } from './ArgoCdError';
import { JsonListSplitter } from './JsonListSplitter';
import {
  type ValidatedApplication,
  type ValidatedApplicationTree,
  type ValidatedManagedResources,
  type ValidatedProjectList,
  type ValidatedProjectSyncWindows,
  type ValidatedSyncWindows,
  applicationListSchema,
  applicationSchema,
  applicationTreeSchema,
  managedResourcesSchema,
  projectListSchema,
  projectSyncWindowsSchema,
  resourceResponseSchema,
  runtimeErrorSchema,
  sessionResponseSchema,
  syncWindowsSchema,
  watchChunkSchema,
} from './schemas';

/** Longest line accepted from the watch stream; a larger one is treated as garbage. */
const MAX_WATCH_LINE_BYTES = 32 * 1024 * 1024;
/** Applications validated between two yields to the event loop. */
const VALIDATION_BATCH = 200;
/** Longest part of an Argo CD error message repeated in our own messages. */
const MAX_UPSTREAM_MESSAGE = 200;

/**
 * Where an Application lives on its instance: its name, and its namespace when it is outside
 * the control plane ("apps in any namespace").
 *
 * @public
 */
export interface ApplicationLocator {
  name: string;
  /** Sent as `appNamespace`; omit for applications in the control-plane namespace. */
  appNamespace?: string;
}

/**
 * A resource of an Application, as the `resource` endpoint addresses it.
 *
 * @public
 */
export interface ResourceLocator {
  namespace: string;
  name: string;
  group: string;
  version: string;
  kind: string;
}

/**
 * One event of the application watch stream.
 *
 * @public
 */
export interface ApplicationWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  application: ValidatedApplication;
}

/**
 * Result of a full list of an instance's applications.
 *
 * @public
 */
export interface ApplicationListResult<T = ValidatedApplication> {
  /** The valid applications, as read or as converted by the caller. */
  items: T[];
  resourceVersion: string | null;
  /** Items that failed validation and were left out. */
  invalid: number;
}

/**
 * Called before every HTTP call to the instance (counters, benchmarks).
 *
 * @public
 */
export type ArgoCdRequestListener = (request: {
  instance: string;
  method: string;
  path: string;
}) => void;

/**
 * Client of one Argo CD instance's REST API (Argo CD 3.x).
 *
 * - Every call has the instance's timeout; the watch stream has it until its headers arrive.
 * - Authentication is the configured API token, or a session token obtained from
 *   `POST /api/v1/session` with username and password, kept in memory and renewed once when a
 *   call answers 401.
 * - Answers are validated (only the fields the plugin relies on) and failures are thrown as
 *   {@link ArgoCdError} with a code: UNREACHABLE, TIMEOUT, UNAUTHORIZED, NOT_FOUND or
 *   INVALID_RESPONSE. Messages never contain the token, the password or a session token.
 *
 * @public
 */
export class ArgoCdClient {
  readonly name: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly listTimeoutMs: number;
  private readonly staticToken?: string;
  private readonly username?: string;
  private readonly password?: string;
  private readonly onRequest?: ArgoCdRequestListener;
  private sessionToken?: string;
  private pendingSession?: Promise<string>;

  static fromConfig(
    instance: ArgoCdInstanceConfig,
    options?: { onRequest?: ArgoCdRequestListener },
  ): ArgoCdClient {
    return new ArgoCdClient({ instance, onRequest: options?.onRequest });
  }

  constructor(options: {
    instance: ArgoCdInstanceConfig;
    onRequest?: ArgoCdRequestListener;
  }) {
    const { instance } = options;
    this.name = instance.name;
    this.baseUrl = instance.url.replace(/\/+$/, '');
    this.timeoutMs = instance.timeout;
    this.listTimeoutMs =
      instance.listTimeout ?? Math.max(instance.timeout, 30_000);
    this.staticToken = instance.token;
    this.username = instance.username;
    this.password = instance.password;
    this.onRequest = options.onRequest;
  }

  /**
   * Every application the account may read, with the list's resourceVersion. The body is read
   * as it arrives and each application is validated (and, with `project`, converted) on its
   * own, so that neither the whole body nor its parsed tree is ever held: a list of thousands
   * of applications costs little more memory than what the caller keeps of it.
   */
  listApplications(signal?: AbortSignal): Promise<ApplicationListResult>;
  listApplications<T>(
    signal: AbortSignal | undefined,
    project: (app: ValidatedApplication) => T,
  ): Promise<ApplicationListResult<T>>;
  async listApplications<T>(
    signal?: AbortSignal,
    project?: (app: ValidatedApplication) => T,
  ): Promise<ApplicationListResult<T | ValidatedApplication>> {
    const path = '/api/v1/applications';
    const timeoutMs = this.listTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await this.send('GET', path, {
      callerSignal: signal,
      timeout,
      timeoutMs,
    });
    const items: Array<T | ValidatedApplication> = [];
    let invalid = 0;
    let notJson = false;
    const accept = (raw: unknown) => {
      const parsed = applicationSchema.safeParse(raw);
      if (!parsed.success) {
        invalid += 1;
        return;
      }
      items.push(project ? project(parsed.data) : parsed.data);
    };
    const splitter = new JsonListSplitter(json => {
      if (notJson) return;
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch {
        notJson = true;
        return;
      }
      accept(raw);
    });
    const notJsonError = () =>
      this.error(
        'INVALID_RESPONSE',
        `Argo CD instance ${this.name} answered ${path} with a body that is not JSON`,
      );
    const reader = response.body?.getReader();
    let finished = !reader;
    // Not every body ends when the request is aborted (mocked fetches): stop reading anyway.
    const readSignal = signal ? AbortSignal.any([timeout, signal]) : timeout;
    try {
      let validatedSinceYield = 0;
      while (reader && !finished) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await readUnlessAborted(reader, readSignal);
        } catch (e) {
          throw this.fetchFailure(e, path, timeout, signal, timeoutMs);
        }
        if (chunk.done) {
          finished = true;
          break;
        }
        const before = items.length + invalid;
        splitter.push(chunk.value);
        if (notJson) throw notJsonError();
        validatedSinceYield += items.length + invalid - before;
        // thousands of applications: let requests in between
        if (validatedSinceYield >= VALIDATION_BATCH) {
          validatedSinceYield = 0;
          await yieldToEventLoop();
        }
      }
    } finally {
      if (!finished) reader?.cancel().catch(() => {});
    }
    let skeleton: unknown;
    try {
      skeleton = splitter.end();
    } catch {
      throw notJsonError();
    }
    const parsed = applicationListSchema.safeParse(skeleton);
    if (!parsed.success) throw this.unexpectedBody(path, parsed.error);
    // Items the splitter could not tell apart (an odd spelling of the key) are in the skeleton.
    for (const raw of parsed.data.items ?? []) accept(raw);
    return {
      items,
      resourceVersion: parsed.data.metadata?.resourceVersion ?? null,
      invalid,
    };
  }

  /** One application, read directly from the instance (resource health filled in). */
  getApplication(
    app: ApplicationLocator,
    signal?: AbortSignal,
  ): Promise<ValidatedApplication> {
    return this.getJson(
      `/api/v1/applications/${encodeURIComponent(app.name)}${this.query({
        appNamespace: app.appNamespace,
      })}`,
      applicationSchema,
      signal,
    );
  }

  /** The managed resources of an application and all their children. */
  getResourceTree(
    app: ApplicationLocator,
    signal?: AbortSignal,
  ): Promise<ValidatedApplicationTree> {
    return this.getJson(
      `/api/v1/applications/${encodeURIComponent(
        app.name,
      )}/resource-tree${this.query({ appNamespace: app.appNamespace })}`,
      applicationTreeSchema,
      signal,
    );
  }

  /** The live manifest of one resource of an application, parsed from its JSON string. */
  async getResource(
    app: ApplicationLocator,
    resource: ResourceLocator,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const path = `/api/v1/applications/${encodeURIComponent(
      app.name,
    )}/resource${this.query({
      appNamespace: app.appNamespace,
      namespace: resource.namespace,
      resourceName: resource.name,
      group: resource.group,
      version: resource.version,
      kind: resource.kind,
    })}`;
    const body = await this.getJson(path, resourceResponseSchema, signal);
    try {
      return JSON.parse(body.manifest);
    } catch {
      throw this.error(
        'INVALID_RESPONSE',
        `Argo CD instance ${
          this.name
        } returned a manifest that is not JSON on GET ${stripQuery(path)}`,
      );
    }
  }

  /** Desired, live and predicted states of every managed resource (JSON strings). */
  getManagedResources(
    app: ApplicationLocator,
    signal?: AbortSignal,
  ): Promise<ValidatedManagedResources> {
    return this.getJson(
      `/api/v1/applications/${encodeURIComponent(
        app.name,
      )}/managed-resources${this.query({ appNamespace: app.appNamespace })}`,
      managedResourcesSchema,
      signal,
    );
  }

  /** The sync windows that apply to an application, and whether a manual sync may run now. */
  getSyncWindows(
    app: ApplicationLocator,
    signal?: AbortSignal,
  ): Promise<ValidatedSyncWindows> {
    return this.getJson(
      `/api/v1/applications/${encodeURIComponent(
        app.name,
      )}/syncwindows${this.query({ appNamespace: app.appNamespace })}`,
      syncWindowsSchema,
      signal,
    );
  }

  /**
   * Lists the AppProjects the token may read (`GET /api/v1/projects`; RBAC `projects, get`
   * filters the list rather than refusing it).
   */
  listProjects(signal?: AbortSignal): Promise<ValidatedProjectList> {
    return this.getJson('/api/v1/projects', projectListSchema, signal);
  }

  /** The sync windows of a project that are active now, as Argo CD computes them. */
  getProjectSyncWindows(
    project: string,
    signal?: AbortSignal,
  ): Promise<ValidatedProjectSyncWindows> {
    return this.getJson(
      `/api/v1/projects/${encodeURIComponent(project)}/syncwindows`,
      projectSyncWindowsSchema,
      signal,
    );
  }

  /**
   * Opens the watch stream of all applications. Resolves once the instance accepted the
   * stream (so the caller knows it is subscribed); the returned iterable yields events until
   * the stream ends, and throws an {@link ArgoCdError} on an error chunk or garbage.
   *
   * With a `resourceVersion`, Argo CD sends only later changes; without one it first sends
   * every application as `ADDED`.
   */
  async watchApplications(options: {
    resourceVersion?: string | null;
    signal?: AbortSignal;
    /** Called whenever bytes arrive on the stream, whole events or not (idle checks). */
    onData?: () => void;
  }): Promise<AsyncIterable<ApplicationWatchEvent>> {
    const path = `/api/v1/stream/applications${this.query({
      resourceVersion: options.resourceVersion ?? undefined,
    })}`;
    const response = await this.send('GET', path, {
      callerSignal: options.signal,
      streaming: true,
    });
    if (!response.body) {
      throw this.error(
        'INVALID_RESPONSE',
        `Argo CD instance ${this.name} sent an empty watch stream`,
      );
    }
    // The generator keeps the Response itself: fetch cancels the body of a Response that is
    // garbage collected, which would end the stream while the caller catches up.
    return this.readWatch(response, options.onData, options.signal);
  }

  private async *readWatch(
    response: Response,
    onData?: () => void,
    signal?: AbortSignal,
  ): AsyncGenerator<ApplicationWatchEvent> {
    const lines = readLines(
      response.body!,
      signal,
      onData,
      () =>
        this.error(
          'INVALID_RESPONSE',
          `Argo CD instance ${this.name} sent a watch line longer than ${MAX_WATCH_LINE_BYTES} bytes`,
        ),
      () =>
        this.error(
          'UNREACHABLE',
          `Argo CD instance ${this.name} closed the watch stream abruptly`,
        ),
    );
    for await (const line of lines) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw this.error(
          'INVALID_RESPONSE',
          `Argo CD instance ${this.name} sent a watch line that is not JSON`,
        );
      }
      const chunk = watchChunkSchema.safeParse(json);
      if (!chunk.success) {
        throw this.error(
          'INVALID_RESPONSE',
          `Argo CD instance ${this.name} sent an unexpected watch event`,
        );
      }
      if ('error' in chunk.data) {
        const { code, message } = chunk.data.error;
        throw this.error(
          grpcCodeToErrorCode(code ?? undefined),
          `Argo CD instance ${
            this.name
          } ended the watch stream: ${this.upstream(message)}`,
        );
      }
      const application = applicationSchema.safeParse(
        chunk.data.result.application,
      );
      if (!application.success) {
        // One malformed application must not end the stream of every other one.
        continue;
      }
      yield { type: chunk.data.result.type, application: application.data };
    }
  }

  private async getJson<T extends z.ZodType>(
    path: string,
    schema: T,
    signal?: AbortSignal,
    timeoutMs: number = this.timeoutMs,
  ): Promise<z.infer<T>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await this.send('GET', path, {
      callerSignal: signal,
      timeout,
      timeoutMs,
    });
    const json = await this.readJson(
      response,
      path,
      timeout,
      signal,
      timeoutMs,
    );
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw this.unexpectedBody(path, parsed.error);
    return parsed.data;
  }

  /** A GET answered with a body that does not have the expected shape. */
  private unexpectedBody(path: string, error: z.ZodError): ArgoCdError {
    const issue = error.issues[0];
    return this.error(
      'INVALID_RESPONSE',
      `Argo CD instance ${this.name} answered GET ${stripQuery(
        path,
      )} with an unexpected body (${issue?.path.join('.') || 'root'}: ${
        issue?.message
      })`,
    );
  }

  /**
   * Sends a request with authentication; on 401 with a session token, renews the session once
   * and retries. Non-2xx answers become {@link ArgoCdError}s.
   */
  private async send(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<Response> {
    let token = await this.currentToken(options.callerSignal);
    let response = await this.fetchOnce(method, path, token, options);
    if (response.status === 401 && !this.staticToken) {
      discard(response);
      token = await this.renewSession(token, options.callerSignal);
      response = await this.fetchOnce(method, path, token, options);
    }
    if (!response.ok) {
      throw await this.httpError(method, path, response);
    }
    return response;
  }

  private async fetchOnce(
    method: string,
    path: string,
    token: string,
    options: RequestOptions,
  ): Promise<Response> {
    this.onRequest?.({ instance: this.name, method, path: stripQuery(path) });
    // A stream has the timeout only until its headers arrive.
    const connect = new AbortController();
    const timer = options.streaming
      ? setTimeout(
          () =>
            connect.abort(new DOMException('connect timeout', 'TimeoutError')),
          this.timeoutMs,
        )
      : undefined;
    const timeout = options.timeout ?? connect.signal;
    const signal = options.callerSignal
      ? AbortSignal.any([timeout, options.callerSignal])
      : timeout;
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        signal,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${token}`,
          ...(options.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : {}),
        },
        body:
          options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
    } catch (e) {
      throw this.fetchFailure(
        e,
        path,
        timeout,
        options.callerSignal,
        options.timeoutMs,
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async currentToken(signal?: AbortSignal): Promise<string> {
    if (this.staticToken) return this.staticToken;
    if (this.sessionToken) return this.sessionToken;
    return this.renewSession(undefined, signal);
  }

  /** Logs in again unless another call already replaced the rejected token. */
  private async renewSession(
    rejected: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    if (this.sessionToken && this.sessionToken !== rejected) {
      return this.sessionToken;
    }
    this.sessionToken = undefined;
    if (!this.pendingSession) {
      this.pendingSession = this.login(signal).finally(() => {
        this.pendingSession = undefined;
      });
    }
    return this.pendingSession;
  }

  private async login(signal?: AbortSignal): Promise<string> {
    const path = '/api/v1/session';
    this.onRequest?.({ instance: this.name, method: 'POST', path });
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        signal: combined,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          username: this.username,
          password: this.password,
        }),
      });
    } catch (e) {
      throw this.fetchFailure(e, path, timeout, signal);
    }
    if (!response.ok) {
      throw await this.httpError('POST', path, response);
    }
    const json = await this.readJson(response, path, timeout, signal);
    const parsed = sessionResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw this.error(
        'INVALID_RESPONSE',
        `Argo CD instance ${this.name} answered POST ${path} without a token`,
      );
    }
    this.sessionToken = parsed.data.token;
    return parsed.data.token;
  }

  /** Reads a body as JSON: transport failures keep their code, non-JSON is INVALID_RESPONSE. */
  private async readJson(
    response: Response,
    path: string,
    timeout: AbortSignal,
    callerSignal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw this.fetchFailure(e, path, timeout, callerSignal, timeoutMs);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw this.error(
        'INVALID_RESPONSE',
        `Argo CD instance ${this.name} answered ${stripQuery(
          path,
        )} with a body that is not JSON`,
      );
    }
  }

  private async httpError(
    method: string,
    path: string,
    response: Response,
  ): Promise<ArgoCdError> {
    let upstream: string | undefined;
    try {
      const parsed = runtimeErrorSchema.safeParse(await response.json());
      if (parsed.success) {
        upstream = parsed.data.message ?? parsed.data.error ?? undefined;
      }
    } catch {
      // not JSON: the body is not repeated
    }
    const status = response.status;
    const code = httpStatusToErrorCode(status);
    const detail = upstream ? `: ${this.upstream(upstream)}` : '';
    return this.error(
      code,
      `Argo CD instance ${
        this.name
      } answered ${status} on ${method} ${stripQuery(path)}${detail}`,
      status,
    );
  }

  private fetchFailure(
    e: unknown,
    path: string,
    timeout: AbortSignal,
    callerSignal?: AbortSignal,
    timeoutMs: number = this.timeoutMs,
  ): Error {
    if (e instanceof ArgoCdError) return e;
    if (callerSignal?.aborted) {
      // The caller gave up (shutdown, client gone): not a failure of the instance.
      return callerSignal.reason instanceof Error
        ? callerSignal.reason
        : new DOMException('aborted', 'AbortError');
    }
    if (timeout.aborted) {
      return this.error(
        'TIMEOUT',
        `Argo CD instance ${this.name} did not answer ${stripQuery(
          path,
        )} within ${timeoutMs} ms`,
      );
    }
    const cause = (e as { cause?: { code?: unknown } })?.cause;
    const reason = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
    return this.error(
      'UNREACHABLE',
      `Argo CD instance ${this.name} is unreachable${reason}`,
    );
  }

  private error(
    code: GitOpsErrorCode,
    message: string,
    statusCode?: number,
  ): ArgoCdError {
    return new ArgoCdError({
      code,
      instance: this.name,
      message: this.redact(message),
      statusCode,
    });
  }

  /** Argo CD's own message, shortened and without secrets. */
  private upstream(message: string | null | undefined): string {
    const text = (message ?? 'unknown error').replace(/\s+/g, ' ').trim();
    return this.redact(
      text.length > MAX_UPSTREAM_MESSAGE
        ? `${text.slice(0, MAX_UPSTREAM_MESSAGE)}…`
        : text,
    );
  }

  /** Removes every secret this client knows, and anything shaped like one, from a text. */
  private redact(text: string): string {
    return redact(text, [this.staticToken, this.password, this.sessionToken]);
  }

  private query(params: Record<string, string | undefined>): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') search.set(key, value);
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  }
}

interface RequestOptions {
  /** The caller's signal: its abort is not a failure of the instance. */
  callerSignal?: AbortSignal;
  /** Deadline of the whole call; a stream gets one that covers only its headers. */
  timeout?: AbortSignal;
  timeoutMs?: number;
  streaming?: boolean;
  body?: unknown;
}

/** The next chunk of a body, or the signal's reason as soon as it aborts. */
function readUnlessAborted(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      chunk => {
        signal.removeEventListener('abort', onAbort);
        resolve(chunk);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

function stripQuery(path: string): string {
  const i = path.indexOf('?');
  return i < 0 ? path : path.slice(0, i);
}

/** An HTTP error status as what the caller can do about it. */
function httpStatusToErrorCode(status: number): GitOpsErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500 || status === 429) return 'UNREACHABLE';
  return 'INVALID_RESPONSE';
}

/** gRPC status codes of runtime errors, as grpc-gateway reports them. */
function grpcCodeToErrorCode(code: number | undefined): GitOpsErrorCode {
  switch (code) {
    case 16: // Unauthenticated
    case 7: // PermissionDenied
      return 'UNAUTHORIZED';
    case 5: // NotFound
      return 'NOT_FOUND';
    case 4: // DeadlineExceeded
      return 'TIMEOUT';
    case 14: // Unavailable
      return 'UNREACHABLE';
    default:
      return 'INVALID_RESPONSE';
  }
}

/** Releases a body that will not be read (not awaited: a cancel may never settle). */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/** Splits a byte stream into trimmed, non-empty lines (newline-delimited JSON). */
async function* readLines(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  onData: (() => void) | undefined,
  tooLong: () => Error,
  broken: () => Error,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        // An abort must end the read even when it does not reach the socket (a fetch wrapped
        // by an interceptor, say), as for the application list.
        chunk = signal
          ? await readUnlessAborted(reader, signal)
          : await reader.read();
      } catch {
        // the connection was cut (server gone, proxy reset) or we aborted; an abort of ours
        // ends the loop in the caller, which checks its own signal
        throw broken();
      }
      const { done, value } = chunk;
      if (done) break;
      onData?.();
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) yield line;
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > MAX_WATCH_LINE_BYTES) throw tooLong();
    }
    buffer += decoder.decode();
    if (buffer.trim()) yield buffer.trim();
  } finally {
    reader.cancel().catch(() => {});
  }
}
