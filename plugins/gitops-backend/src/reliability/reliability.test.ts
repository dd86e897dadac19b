import { type Sandbox, startSandbox } from '@gitops-portal/gitops-sandbox';
import { setupServer } from 'msw/node';
import { describeAccess } from './__testUtils__/accessSuite';
import { describeArgoCdFaults } from './__testUtils__/argoCdFaultsSuite';
import { describeBadInput } from './__testUtils__/badInputSuite';
import { describeCrashRecovery } from './__testUtils__/crashRecoverySuite';
import { Evidence } from './__testUtils__/Evidence';
import { describeGitProviderFaults } from './__testUtils__/gitProviderFaultsSuite';
import { describeReplicas } from './__testUtils__/replicasSuite';
import { describeSandboxOutages } from './__testUtils__/sandboxOutageSuite';
import { describeSecretsSearch } from './__testUtils__/secretsSuite';
import type { ReliabilityWorld } from './__testUtils__/ReliabilityWorld';
import { reliabilityCounters } from './reliabilityCounters';

/**
 * The reliability and security suite: faults of every peer (Argo CD, the Git host, the
 * backend process itself), concurrency across replicas, bad input and hostile files,
 * secrets and access. The scenarios run one after the other in this one file (one Jest
 * worker), so that the closing line adds up real counters of the whole run.
 */
let sandbox: Sandbox | undefined;
const world: ReliabilityWorld = {
  counters: reliabilityCounters,
  evidence: new Evidence(),
  secrets: new Set(),
  msw: setupServer(),
  sandbox: () => {
    if (!sandbox) throw new Error('The sandbox has not started');
    return sandbox;
  },
};

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 20, demoState: false });
  world.secrets.add(sandbox.githubToken);
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  process.stdout.write(`${world.counters.summaryLine()}\n`);
});

describeBadInput(world);
describeAccess(world);

describe('with protocol-level faults', () => {
  beforeAll(() => world.msw.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => world.msw.close());

  describeGitProviderFaults(world);
  describeCrashRecovery(world);
  describeArgoCdFaults(world);
});

describeReplicas(world);
describeSandboxOutages(world);
describeSecretsSearch(world);
