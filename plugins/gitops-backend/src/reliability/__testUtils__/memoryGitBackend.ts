import type { Knex } from 'knex';
import { InMemoryRepositoryProvider } from '../../__testUtils__/InMemoryRepositoryProvider';
import { defaultFiles } from '../../__testUtils__/changesTestKit';
import { databases } from '../../__testUtils__/databases';
import { hostileFiles, hostileRepositoryFiles } from './hostileFiles';
import { memoryGitModule, writesOf } from './memoryGitModule';
import { ENVIRONMENTS, type ReliabilityWorld } from './ReliabilityWorld';
import {
  component,
  type ReliabilityBackend,
  startReliabilityBackend,
} from './startReliabilityBackend';

/** A backend whose Git host is in memory, so that every write can be counted. */
export interface MemoryGitBackend extends ReliabilityBackend {
  provider: InMemoryRepositoryProvider;
  knex: Knex;
  /** Writes to the Git host plus records in the database: must not move on a refusal. */
  sideEffects(): Promise<{ writes: number; records: number }>;
}

/**
 * The real plugin on SQLite, reading Argo CD from the sandbox and writing to an in-memory
 * GitOps repository (gateway, ledger, and one service per hostile pin file).
 */
export async function startMemoryGitBackend(
  world: ReliabilityWorld,
): Promise<MemoryGitBackend> {
  const sandbox = world.sandbox();
  const provider = new InMemoryRepositoryProvider({
    ...defaultFiles(),
    ...hostileRepositoryFiles(),
  });
  const knex = await databases.init('SQLITE_3');
  const instances = sandbox.argocd.map(i => ({
    name: i.name,
    url: i.url,
    token: i.token,
    timeout: 2000,
  }));
  for (const i of instances) world.secrets.add(i.token);
  const backend = await startReliabilityBackend({
    evidence: world.evidence,
    knex,
    config: {
      gitops: {
        repository: { url: sandbox.repositoryUrl, minWriteIntervalMs: 0 },
        environments: ENVIRONMENTS,
        argocd: { instances },
      },
    },
    entities: [
      component('gateway'),
      component('ledger'),
      component('web'),
      component('plain', {}),
      component('sneaky', { 'gitops/service': '../prod' }),
      ...hostileFiles().map(f => component(f.service)),
    ],
    features: [memoryGitModule(provider, sandbox.repositoryUrl)],
  });
  return {
    ...backend,
    provider,
    knex,
    async sideEffects() {
      const [{ count }] = await knex('gitops_change_records').count({
        count: '*',
      });
      return { writes: writesOf(provider), records: Number(count) };
    },
  };
}
