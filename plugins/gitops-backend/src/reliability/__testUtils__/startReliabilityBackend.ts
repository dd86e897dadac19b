import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { gitopsPlugin } from '../../plugin';
import { BackendClient } from './BackendClient';
import { CapturingAuditor } from './CapturingAuditor';
import { CapturingLogger } from './CapturingLogger';
import type { Evidence } from './Evidence';
import { SwitchablePolicy } from './SwitchablePolicy';

/** Options of {@link startReliabilityBackend}. */
export interface ReliabilityBackendOptions {
  /** The whole root configuration (`gitops`, `integrations`, `backend.database|cache`). */
  config: Record<string, unknown>;
  evidence: Evidence;
  entities: Entity[];
  /** The plugin's database; without it, `backend.database` of the config (or SQLite). */
  knex?: Knex;
  /** Other features: a Git provider module, a scheduler. */
  features?: BackendFeature[];
}

/** A running backend with the real GitOps plugin. */
export interface ReliabilityBackend {
  backend: TestBackend;
  client: BackendClient;
  policy: SwitchablePolicy;
  auditor: CapturingAuditor;
  port: number;
  stop(): Promise<void>;
  /** Stops as a killed process would: every connection dropped at once. */
  kill(): Promise<void>;
}

/**
 * Starts a Backstage backend with the real GitOps plugin and Backstage's real services, except
 * the catalog (a mock holding the given entities) and the permission policy (switchable by
 * the test). Every log line, audit event and answer goes into the evidence.
 */
export async function startReliabilityBackend(
  options: ReliabilityBackendOptions,
): Promise<ReliabilityBackend> {
  const policy = new SwitchablePolicy();
  const auditor = new CapturingAuditor(options.evidence);
  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      mockServices.rootConfig.factory({
        data: JSON.parse(JSON.stringify(options.config)),
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      CapturingLogger.factory(options.evidence),
      auditor.factory(),
      policy.factory(),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      ...(options.features ?? []),
    ],
  });
  const port = backend.server.port();
  const client = new BackendClient(port, options.evidence);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client.close();
    await backend.stop();
  };
  return {
    backend,
    client,
    policy,
    auditor,
    port,
    stop,
    async kill() {
      backend.server.closeAllConnections();
      await stop();
    },
  };
}

/**
 * Backstage's mock scheduler, whose tasks run only when the test triggers them
 * (`scheduler.triggerTask(id)`), and the service factory that installs it in a backend.
 */
export function manualScheduler() {
  const scheduler = mockServices.scheduler();
  return {
    scheduler,
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => scheduler,
    }),
  };
}

/** A catalog component with the `gitops/service` annotation (or the given annotations). */
export function component(
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
