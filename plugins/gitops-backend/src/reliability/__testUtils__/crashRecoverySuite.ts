/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { databases } from '../../__testUtils__/databases';
import { answerProblem } from './answerShape';
import { GitHubFault, never } from './GitHubFault';
import { lostRecordsOf } from './gitProviderFaultsSuite';
import { eventually, type ReliabilityWorld } from './ReliabilityWorld';
import { SandboxGitHub } from './SandboxGitHub';
import { startSandboxBackend } from './sandboxBackend';
import {
  manualScheduler,
  type ReliabilityBackend,
} from './startReliabilityBackend';

const TABLE = 'gitops_change_records';

interface Replica {
  app: ReliabilityBackend;
  scheduler: SchedulerService;
}

/**
 * The backend process killed in the middle of a change, between two calls to the Git host:
 * the request that was writing never comes back, the process stops, and a new process on
 * the same database takes over once the dead writer's lease ran out. Retried, the change is
 * completed from what exists on the Git host (no second branch, commit or pull request);
 * left alone, the records' reconciliation finds the pull request it opened.
 */
export function describeCrashRecovery(world: ReliabilityWorld) {
  describe('backend killed mid-change', () => {
    const id = databases.supports('POSTGRES_15') ? 'POSTGRES_15' : 'SQLITE_3';
    let knex: Knex;
    let github: SandboxGitHub;
    let repo: string;
    let live: Replica | undefined;
    const branches: string[] = [];

    async function startReplica(): Promise<Replica> {
      const { scheduler, factory } = manualScheduler();
      const app = await startSandboxBackend(world, {
        knex,
        features: [factory],
      });
      return { app, scheduler };
    }

    beforeAll(async () => {
      knex = await databases.init(id);
      github = new SandboxGitHub(world.sandbox());
      repo = `${world.sandbox().githubApiUrl}/repos/acme/gitops`;
      live = await startReplica();
    }, 30_000);

    afterEach(() => world.msw.resetHandlers());

    afterAll(async () => {
      await live?.app.stop();
    }, 30_000);

    /**
     * Sends a pin to the live replica, kills it when its writer reaches `endpoint` (which
     * never answers), starts a new replica on the same database, and lets the dead writer's
     * lease run out (as a minute would).
     */
    async function killMidChange(
      method: 'post',
      path: string,
      leaseAgoMs: number,
    ) {
      const victim = live!;
      const digest = `sha256:${randomBytes(32).toString('hex')}`;
      const branch = `gitops/pin/web/staging/${digest.slice(7, 19)}`;
      branches.push(branch);
      const fault = new GitHubFault(method, `${repo}${path}`, never);
      world.msw.use(fault.handler());
      const body = { service: 'web', environment: 'staging', digest };
      const caller = new AbortController();
      const dying = victim.app.client
        .post('/v1/pins', body, { signal: caller.signal })
        .catch(e => e);
      await eventually(
        () => fault.arrivals.length > 0,
        `the writer to reach ${path}`,
      );
      // kill: the caller goes away, the process stops; the writer never resumes
      caller.abort();
      expect(await dying).toBeInstanceOf(Error);
      await victim.app.kill();
      world.msw.resetHandlers();

      live = await startReplica();
      const [claimed] = await knex(TABLE).where({ branch, state: 'open' });
      expect(claimed).toMatchObject({ pr_number: null });
      await knex(TABLE)
        .where({ id: claimed.id })
        .update({
          lease_until: new Date(Date.now() - leaseAgoMs).toISOString(),
        });
      return { body, branch, recordId: claimed.id as string };
    }

    it.each([
      ['after the branch was pushed, before the pull request', '/pulls'],
      ['after the record was claimed, before anything was pushed', '/git/refs'],
    ])(
      'killed %s: a retry on the new process completes the same change once',
      async (_when, path) => {
        const { body, branch, recordId } = await killMidChange(
          'post',
          path,
          60_000,
        );
        const retry = await live!.app.client.post('/v1/pins', body);
        expect(answerProblem(retry)).toBeNull();
        expect(retry.status).toBe(201);
        expect(retry.json.id).toBe(recordId); // the dead writer's record, taken over
        const pulls = await github.pulls(branch);
        expect(pulls).toHaveLength(1);
        expect(await github.commitsAhead(branch)).toBe(1);
        expect(retry.json.pullRequest.number).toBe(pulls[0].number);
        expect(await knex(TABLE).where({ branch })).toHaveLength(1);
        world.counters.survived();
      },
      120_000, // generous: the suite shares 2 cores with the rest of CI
    );

    it('killed after the pull request was opened, before it was recorded: the reconciliation adopts it, and a retry answers with it', async () => {
      // An hour and more after its lease, a claim is the reconciliation's to settle.
      const { body, branch, recordId } = await killMidChange(
        'post',
        '/issues/:number/labels',
        2 * 60 * 60 * 1000,
      );
      const [opened] = await github.pulls(branch);
      expect(opened.state).toBe('open');
      await live!.scheduler.triggerTask('gitops-change-records-reconcile');
      const adopted = await live!.app.client.get(`/v1/promotions/${recordId}`);
      expect(adopted.json).toMatchObject({
        state: 'open',
        pullRequest: { number: opened.number },
      });

      const retry = await live!.app.client.post('/v1/pins', body);
      expect(retry.status).toBe(200);
      expect(retry.json.id).toBe(recordId);
      expect(await github.pulls(branch)).toHaveLength(1);
      world.counters.survived();
    }, 120_000);

    it('leaves no pull request without its record after the crashes', async () => {
      const lost = await lostRecordsOf(live!.app.client, github, branches);
      world.counters.lostRecords += lost;
      expect(lost).toBe(0);
    });
  });
}
