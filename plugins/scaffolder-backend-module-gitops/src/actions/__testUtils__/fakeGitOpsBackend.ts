import { mockServices } from '@backstage/backend-test-utils';
import type {
  ChangePlan,
  ChangeRecord,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { http, HttpResponse } from 'msw';

/** Base URL that `mockServices.discovery()` resolves the gitops plugin to. */
export const GITOPS_BASE_URL = 'http://localhost:0/api/gitops';

/** A request the fake backend received. */
export interface ReceivedRequest {
  route: string;
  /** The user the service token was issued on behalf of. */
  onBehalfOf: string | undefined;
  body: Record<string, unknown>;
}

/** Options of {@link fakeGitOpsBackend}. */
export interface FakeBackendOptions {
  /** Users that pass the backend's permission checks; others get 403. */
  allowedUsers?: string[];
  /** Entities the catalog knows; others get 404. */
  entities?: string[];
  /** Gates a promotion runs; failed ones make the real call answer 409. */
  gates?: GateResult[];
}

const PR_BASE = 'http://localhost:7010/acme/gitops/pull';

function backstageError(
  request: Request,
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  const url = new URL(request.url);
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: request.method, url: url.pathname },
      response: { statusCode: status },
      ...extra,
    },
    { status },
  );
}

/** Reads the on-behalf-of user from a mock service token (`mockCredentials.service.token`). */
function onBehalfOf(request: Request): string | undefined | null {
  const header = request.headers.get('authorization') ?? '';
  const prefix = 'Bearer mock-service-token:';
  if (!header.startsWith(prefix)) {
    return null;
  }
  const claims = JSON.parse(header.slice(prefix.length));
  return claims.target === 'gitops' ? claims.obo : null;
}

/**
 * A stand-in for the GitOps backend's change routes, shaped like the real API: records for real
 * calls (201 new, 200 when the same change is already open), plans for dry runs, Backstage error
 * bodies for refusals. It keeps every request it received.
 */
export function fakeGitOpsBackend(options: FakeBackendOptions = {}) {
  const allowedUsers = options.allowedUsers ?? ['user:default/mock'];
  const entities = options.entities ?? ['component:default/gateway'];
  const gates = options.gates ?? [
    { name: 'source-healthy', passed: true, message: 'dev is Healthy' },
  ];
  const received: ReceivedRequest[] = [];
  const open = new Map<string, ChangeRecord>();
  let nextNumber = 41;

  const route = (
    path: string,
    describe: (body: Record<string, unknown>) => {
      key: string;
      type: ChangeRecord['type'] | 'onboarding';
      entityRef: string | null;
      service: string;
      from: string | null;
      to: string;
      digest: string;
      files: string[];
      usesGates: boolean;
    },
  ) =>
    http.post(`${GITOPS_BASE_URL}${path}`, async ({ request }) => {
      const user = onBehalfOf(request);
      const body = (await request.json()) as Record<string, unknown>;
      received.push({ route: path, onBehalfOf: user ?? undefined, body });
      if (user === null) {
        return backstageError(
          request,
          401,
          'AuthenticationError',
          'Missing credentials',
        );
      }
      if (!user || !allowedUsers.includes(user)) {
        return backstageError(
          request,
          403,
          'NotAllowedError',
          `${user} may not do this: permission gitops.promotion.create is denied`,
        );
      }
      const entityRef = body.entityRef as string | undefined;
      if (entityRef !== undefined && !entities.includes(entityRef)) {
        return backstageError(
          request,
          404,
          'NotFoundError',
          `Entity ${entityRef} not found`,
        );
      }
      const change = describe(body);
      const changeGates = change.usesGates ? gates : [];
      const branch = `gitops/${change.type}-${change.service}-${change.to}`;
      if (body.dryRun === true) {
        const plan: ChangePlan = {
          type: change.type,
          branch,
          title: `${change.type} ${change.service} to ${change.to}`,
          files: change.files.map(file => ({
            path: file,
            action: change.type === 'onboarding' ? 'create' : 'update',
            content: `image:\n  digest: ${change.digest}\n`,
          })),
          gates: changeGates,
          digest: change.digest || null,
          previousDigest: null,
        };
        return HttpResponse.json(plan, { status: 200 });
      }
      if (changeGates.some(gate => !gate.passed)) {
        return backstageError(
          request,
          409,
          'ConflictError',
          'Promotion gates failed',
          { gates: changeGates },
        );
      }
      const existing = open.get(change.key);
      if (existing) {
        return HttpResponse.json(existing, { status: 200 });
      }
      const number = nextNumber++;
      const now = new Date().toISOString();
      const record: ChangeRecord = {
        id: `change-${number}`,
        type: change.type,
        entityRef: change.entityRef,
        service: change.service,
        from: change.from,
        to: change.to,
        digest: change.digest,
        previousDigest: null,
        state: 'open',
        pullRequest: { number, url: `${PR_BASE}/${number}`, branch },
        createdBy: user,
        createdAt: now,
        updatedAt: now,
        mergedAt: null,
        deployedAt: null,
        gates: changeGates,
        message: null,
      };
      open.set(change.key, record);
      return HttpResponse.json(record, { status: 201 });
    });

  const DIGEST = `sha256:${'a'.repeat(64)}`;
  const serviceOf = (entityRef: unknown) =>
    String(entityRef).split('/').pop() ?? '';

  const handlers = [
    route('/v1/promotions', body => ({
      key: `promote:${body.entityRef}:${body.to}`,
      type: 'promotion',
      entityRef: String(body.entityRef),
      service: serviceOf(body.entityRef),
      from: (body.from as string) ?? 'dev',
      to: String(body.to),
      digest: DIGEST,
      files: [`envs/${body.to}/${serviceOf(body.entityRef)}/values.yaml`],
      usesGates: true,
    })),
    route('/v1/rollbacks', body => ({
      key: `rollback:${body.entityRef}:${body.environment}`,
      type: 'rollback',
      entityRef: String(body.entityRef),
      service: serviceOf(body.entityRef),
      from: null,
      to: String(body.environment),
      digest: (body.digest as string) ?? `sha256:${'b'.repeat(64)}`,
      files: [
        `envs/${body.environment}/${serviceOf(body.entityRef)}/values.yaml`,
      ],
      usesGates: false,
    })),
    route('/v1/pins', body => ({
      key: `pin:${body.service}:${body.environment}:${body.digest}`,
      type: 'pin',
      entityRef: null,
      service: String(body.service),
      from: null,
      to: String(body.environment),
      digest: String(body.digest),
      files: [`envs/${body.environment}/${body.service}/values.yaml`],
      usesGates: false,
    })),
    route('/v1/onboardings', body => {
      const envs = (body.environments as string[] | undefined) ?? [
        'dev',
        'staging',
        'prod',
      ];
      return {
        key: `onboard:${body.service}`,
        type: 'onboarding',
        entityRef: null,
        service: String(body.service),
        from: null,
        to: envs.join(','),
        digest: (body.digest as string) ?? '',
        files: [
          ...envs.map(env => `envs/${env}/${body.service}/values.yaml`),
          'applicationsets/nonprod/services.yaml',
        ],
        usesGates: false,
      };
    }),
  ];

  return { handlers, received };
}

/** A real GitOpsBackendClient wired to the mock discovery and auth services. */
export function createTestClient(): GitOpsBackendClient {
  return new GitOpsBackendClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  });
}

/**
 * A checkpoint store that behaves like the scaffolder's task state: a successful checkpoint's
 * value is returned on the next run instead of calling `fn` again.
 */
export function createCheckpointStore() {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    async checkpoint<T>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (values.has(opts.key)) {
        return JSON.parse(JSON.stringify(values.get(opts.key))) as T;
      }
      const value = await opts.fn();
      values.set(opts.key, value);
      return value;
    },
  };
}
