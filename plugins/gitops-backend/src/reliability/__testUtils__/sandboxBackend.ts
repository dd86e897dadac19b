import type { BackendFeature } from '@backstage/backend-plugin-api';
import { SANDBOX_ARGOCD_PASSWORD } from '@gitops-portal/gitops-sandbox';
import type { Knex } from 'knex';
import type { ReliabilityWorld } from './ReliabilityWorld';
import {
  component,
  type ReliabilityBackend,
  startReliabilityBackend,
} from './startReliabilityBackend';

/** Options of {@link startSandboxBackend}. */
export interface SandboxBackendOptions {
  knex?: Knex;
  /** `backend.database` / `backend.cache` and other root keys. */
  backend?: Record<string, unknown>;
  /** Keys of `gitops` to override. */
  gitops?: Record<string, unknown>;
  /** Timeout of one Argo CD call, in milliseconds. Default 2000. */
  argoTimeoutMs?: number;
  /** `gitops.argocd.fullListIntervalSeconds`. */
  fullListIntervalSeconds?: number;
  features?: BackendFeature[];
}

/**
 * The real plugin against the sandbox, with the production code paths: the GitHub provider
 * (octokit with retries and throttling) through Backstage's GitHub integration, and Argo CD
 * clients with a token (nonprod) and with a username and password (prod, session API).
 */
export async function startSandboxBackend(
  world: ReliabilityWorld,
  options: SandboxBackendOptions = {},
): Promise<ReliabilityBackend> {
  const sandbox = world.sandbox();
  const base = sandbox.backstageConfig();
  const timeout = options.argoTimeoutMs ?? 2000;
  const instances = sandbox.argocd.map(i =>
    i.name === 'prod'
      ? {
          name: i.name,
          url: i.url,
          username: 'admin',
          password: SANDBOX_ARGOCD_PASSWORD,
          timeout,
        }
      : { name: i.name, url: i.url, token: i.token, timeout },
  );
  for (const i of sandbox.argocd) world.secrets.add(i.token);
  world.secrets.add(SANDBOX_ARGOCD_PASSWORD);
  world.secrets.add(sandbox.githubToken);
  return startReliabilityBackend({
    evidence: world.evidence,
    knex: options.knex,
    entities: [component('gateway'), component('ledger'), component('web')],
    features: options.features,
    config: {
      ...(options.backend ? { backend: options.backend } : {}),
      integrations: base.integrations,
      gitops: {
        ...base.gitops,
        repository: { ...base.gitops.repository, minWriteIntervalMs: 0 },
        argocd: {
          instances,
          ...(options.fullListIntervalSeconds
            ? { fullListIntervalSeconds: options.fullListIntervalSeconds }
            : {}),
        },
        ...options.gitops,
      },
    },
  });
}
