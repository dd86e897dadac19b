import type {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityGitOpsStatus,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import express from 'express';
import type { Knex } from 'knex';
import { readGitOpsConfig } from '../config/GitOpsConfig';
import { ConfigReader } from '@backstage/config';
import { ChangeRecordStore } from '../changes/ChangeRecordStore';
import { ChangeWriter } from '../changes/ChangeWriter';
import { createChangesRouter } from '../changes/changesRouter';
import { PinHistory } from '../changes/PinHistory';
import { PromotionEngine } from '../changes/PromotionEngine';
import { EntityAccess } from '../service/EntityAccess';
import type { EntityStatusReader } from '../service/types';
import { InMemoryRepositoryProvider } from './InMemoryRepositoryProvider';

export const D1 = `sha256:${'1'.repeat(64)}`;
export const D2 = `sha256:${'2'.repeat(64)}`;
export const D3 = `sha256:${'3'.repeat(64)}`;

export const helmValues = (digest: string, comment = '') =>
  `# gateway values\nreplicaCount: 2\n\nimage:\n  repository: ghcr.io/acme/gateway\n  # pinned by digest${comment}\n  digest: ${digest}\n\nresources: {}\n`;

export const kustomization = (digest: string) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../../base/ledger\nimages:\n  - name: ghcr.io/acme/ledger\n    digest: ${digest}\n`;

export const appSet = (services: string[]) =>
  `# services of nonprod\napiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: services\nspec:\n  generators:\n    - list:\n        elements:\n${services
    .map(s => `          - service: ${s}`)
    .join(
      '\n',
    )}\n  template:\n    metadata:\n      name: '{{.service}}-{{.environment}}'\n`;

export function entity(
  name: string,
  annotations: Record<string, string> = { 'gitops/service': name },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

/** A healthy target running a digest. */
export function target(
  environment: string,
  digest: string | null,
  over: Partial<TargetStatus> = {},
): TargetStatus {
  const instance = environment === 'prod' ? 'prod' : 'nonprod';
  return {
    instance,
    cluster: environment,
    application: {
      name: `gateway-${environment}`,
      namespace: 'argocd',
      project: 'shop',
      url: `https://argocd.example.com/${instance}/applications/argocd/gateway-${environment}`,
    },
    sync: { status: 'Synced', revision: 'abc' },
    health: { status: 'Healthy', message: null },
    drift: { outOfSync: 0, resources: [] },
    rollout: null,
    digest,
    images: [],
    operation: null,
    reconciledAt: '2026-01-01T00:00:00Z',
    trusted: true,
    syncWindows: { canSync: true, active: [] },
    detailsLoading: false,
    error: null,
    ...over,
  };
}

/** A status reader whose targets the test sets per environment. */
export class FakeStatusReader implements EntityStatusReader {
  targets: Record<string, TargetStatus[]> = {};
  calls = 0;
  /** As if the entity's applications were all in the folder named like it. */
  serviceOf(e: Entity): string | null {
    return e.metadata.annotations?.['gitops/service'] ?? e.metadata.name;
  }
  async getEntityStatus(e: Entity): Promise<EntityGitOpsStatus> {
    this.calls += 1;
    return {
      entityRef: `component:default/${e.metadata.name}`,
      service: this.serviceOf(e),
      environments: ['dev', 'staging', 'prod'].map(name => ({
        name,
        desired: null,
        targets: this.targets[name] ?? [],
      })),
      previews: [],
      errors: [],
    };
  }
}

/** Records auditor events with their outcome. */
export class RecordingAuditor implements AuditorService {
  events: Array<{
    eventId: string;
    severityLevel?: string;
    outcome?: 'success' | 'fail';
    meta?: unknown;
    error?: string;
  }> = [];
  async createEvent(
    options: Parameters<AuditorService['createEvent']>[0],
  ): Promise<AuditorServiceEvent> {
    const event: RecordingAuditor['events'][number] = {
      eventId: options.eventId,
      severityLevel: options.severityLevel,
      meta: options.meta,
    };
    this.events.push(event);
    return {
      success: async o => {
        event.outcome = 'success';
        event.meta = { ...(event.meta as object), ...(o?.meta ?? {}) };
      },
      fail: async o => {
        event.outcome = 'fail';
        event.error = o.error.message;
        event.meta = { ...(event.meta as object), ...(o.meta ?? {}) };
      },
    };
  }
}

export interface KitOptions {
  knex: Knex;
  files?: Record<string, string>;
  entities?: Entity[];
  /** Decides the permissions; default: everything allowed. */
  allow?: (permission: string, credentials: BackstageCredentials) => boolean;
  environments?: Array<{
    name: string;
    autoMerge?: boolean;
    approvals?: number;
  }>;
}

export function defaultFiles(): Record<string, string> {
  return {
    'envs/dev/gateway/values.yaml': helmValues(D2),
    'envs/dev/gateway/Chart.yaml': 'name: gateway\n',
    'envs/staging/gateway/values.yaml': helmValues(D1, ' (staging)'),
    'envs/staging/gateway/Chart.yaml': 'name: gateway\n',
    'envs/prod/gateway/values.yaml': helmValues(D1),
    'envs/prod/gateway/Chart.yaml': 'name: gateway\n',
    'envs/dev/ledger/kustomization.yaml': kustomization(D1),
    'envs/staging/ledger/kustomization.yaml': kustomization(D1),
    'envs/prod/ledger/kustomization.yaml': kustomization(D1),
    'applicationsets/nonprod/services.yaml': appSet(['gateway', 'ledger']),
    'applicationsets/prod/services.yaml': appSet(['gateway', 'ledger']),
  };
}

/** The write side wired as plugin.ts wires it, over an in-memory Git host. */
export function createChangesKit(options: KitOptions) {
  const provider = new InMemoryRepositoryProvider(
    options.files ?? defaultFiles(),
  );
  const config = readGitOpsConfig(
    new ConfigReader({
      gitops: {
        repository: { url: 'https://git.example.com/acme/gitops' },
        environments: options.environments ?? [
          { name: 'dev', autoMerge: true },
          { name: 'staging' },
          { name: 'prod', approvals: 2, autoMerge: true },
        ],
      },
    }),
  );
  const allow = options.allow ?? (() => true);
  const decide = (permission: string, credentials: BackstageCredentials) =>
    allow(permission, credentials)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  const permissions = {
    authorize: async (
      requests: Array<{ permission: { name: string } }>,
      o: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => ({ result: decide(r.permission.name, o.credentials) })),
    authorizeConditional: async (
      requests: Array<{ permission: { name: string } }>,
      o: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => ({ result: decide(r.permission.name, o.credentials) })),
  } as unknown as PermissionsService;
  const catalog = catalogServiceMock({
    entities: options.entities ?? [entity('gateway'), entity('ledger')],
  });
  const entityAccess = new EntityAccess({
    catalog,
    permissions,
    permissionsRegistry: mockServices.permissionsRegistry.mock({
      getPermissionRuleset: (() => ({
        getRuleByName: (name: string) => {
          throw new Error(`No conditional decisions in these tests (${name})`);
        },
      })) as never,
    }),
  });
  const logger = mockServices.logger.mock();
  const store = new ChangeRecordStore(options.knex);
  const writer = new ChangeWriter({
    provider,
    store,
    logger,
    waitForOtherWriterMs: 2000,
    pollMs: 20,
  });
  const history = new PinHistory({
    provider,
    store,
    branch: 'main',
    layout: config.repository.layout,
  });
  const status = new FakeStatusReader();
  status.targets = {
    dev: [target('dev', D2)],
    staging: [target('staging', D1)],
    prod: [target('prod', D1)],
  };
  const engine = new PromotionEngine({
    config,
    provider,
    writer,
    history,
    entityAccess,
    statusReader: status,
    permissions,
    logger,
  });
  const auditor = new RecordingAuditor();
  const router = createChangesRouter({
    config,
    httpAuth: mockServices.httpAuth(),
    auditor,
    entityAccess,
    engine,
    store,
    history,
    statusReader: status,
  });
  const app = express()
    .use(express.json())
    .use('/api/gitops', router)
    .use(mockErrorHandler());
  return {
    app,
    provider,
    store,
    writer,
    engine,
    status,
    auditor,
    config,
    catalog,
    history,
    logger,
  };
}
