/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import { http, HttpResponse } from 'msw';
import { randomBytes } from 'node:crypto';
import { databases } from '../../__testUtils__/databases';
import { GitlabRepositoryProvider } from '../../git/GitlabRepositoryProvider';
import { parseRepositoryUrl } from '../../git/repositoryUrl';
import { answerProblem } from './answerShape';
import {
  echoCredentials,
  type FaultAnswer,
  GitHubFault,
  githubError,
  lostAnswer,
} from './GitHubFault';
import { eventually, type ReliabilityWorld } from './ReliabilityWorld';
import { SandboxGitHub } from './SandboxGitHub';
import { startSandboxBackend } from './sandboxBackend';
import {
  manualScheduler,
  type ReliabilityBackend,
} from './startReliabilityBackend';

/** A digest no other scenario uses. */
const freshDigest = () => `sha256:${randomBytes(32).toString('hex')}`;
const pinBranch = (service: string, env: string, digest: string) =>
  `gitops/pin/${service}/${env}/${digest.slice(7, 19)}`;

/**
 * Records and pull requests agree: every pull request the portal opened on the Git host has
 * its record, and every record with a pull request names one that exists. Returns how many
 * disagree (lost records).
 */
export async function lostRecordsOf(
  client: ReliabilityBackend['client'],
  github: SandboxGitHub,
  branches: string[],
): Promise<number> {
  const records = (await client.get('/v1/promotions?limit=500')).json
    .items as Array<{
    pullRequest: { number: number; branch: string } | null;
    state: string;
  }>;
  let lost = 0;
  for (const branch of new Set(branches)) {
    for (const pr of await github.pulls(branch)) {
      if (!records.some(r => r.pullRequest?.number === pr.number)) lost += 1;
    }
  }
  for (const record of records) {
    if (!record.pullRequest || !branches.includes(record.pullRequest.branch)) {
      continue;
    }
    const pulls = await github.pulls(record.pullRequest.branch);
    if (!pulls.some(p => p.number === record.pullRequest!.number)) lost += 1;
  }
  return lost;
}

/**
 * Faults of the Git host (GitHub, played by the sandbox behind msw): server errors, answers
 * lost after the write happened, primary and secondary rate limits, a refusal after the
 * branch was pushed, the base branch moving during a change, a host that echoes the
 * credential. Each change is made once, cleaned up when it fails, and recorded truthfully.
 */
export function describeGitProviderFaults(world: ReliabilityWorld) {
  describe('Git provider faults', () => {
    let app: ReliabilityBackend;
    let github: SandboxGitHub;
    let repo: string;
    const { scheduler, factory: schedulerFactory } = manualScheduler();
    const branches: string[] = [];

    beforeAll(async () => {
      github = new SandboxGitHub(world.sandbox());
      repo = `${world.sandbox().githubApiUrl}/repos/acme/gitops`;
      app = await startSandboxBackend(world, {
        knex: await databases.init('SQLITE_3'),
        features: [schedulerFactory],
      });
    }, 30_000);

    afterEach(() => world.msw.resetHandlers());

    afterAll(async () => {
      await app?.stop();
    }, 30_000);

    /** Pins a fresh digest of ledger in staging through a fault; returns what happened. */
    async function pinThrough(
      fault: GitHubFault | undefined,
      environment = 'staging',
    ) {
      if (fault) world.msw.use(fault.handler());
      const digest = freshDigest();
      const branch = pinBranch('ledger', environment, digest);
      branches.push(branch);
      const startedAt = Date.now();
      const res = await app.client.post('/v1/pins', {
        service: 'ledger',
        environment,
        digest,
      });
      return { res, digest, branch, tookMs: Date.now() - startedAt };
    }

    const at = (path: string) => `${repo}${path}`;

    it.each<[string, () => GitHubFault]>([
      [
        'a 502 on a read',
        () =>
          new GitHubFault(
            'get',
            at('/git/ref/heads/main'),
            githubError(502, 'Server Error'),
          ),
      ],
      [
        'a branch created whose answer was lost (502)',
        () => new GitHubFault('post', at('/git/refs'), lostAnswer(502)),
      ],
      [
        'a pull request opened whose answer was lost (502)',
        () => new GitHubFault('post', at('/pulls'), lostAnswer(502)),
      ],
    ])(
      'survives %s: the change is made once',
      async (_name, fault) => {
        const f = fault();
        const { res, branch } = await pinThrough(f);
        expect(answerProblem(res)).toBeNull();
        expect(res.status).toBe(201);
        expect(f.faulted).toBe(1);
        expect(f.arrivals.length).toBeGreaterThanOrEqual(2); // retried
        expect(await github.pulls(branch)).toHaveLength(1);
        expect(await github.commitsAhead(branch)).toBe(1);
        expect(res.json).toMatchObject({
          state: 'open',
          pullRequest: { number: (await github.pulls(branch))[0].number },
        });
        world.counters.survived();
      },
      30_000,
    );

    it.each<[string, string, FaultAnswer, number]>([
      [
        'a primary rate limit (x-ratelimit-reset)',
        '/git/commits',
        () =>
          githubError(403, 'API rate limit exceeded for installation ID 1.', {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 2),
          })(),
        2000,
      ],
      [
        'a secondary rate limit (403, Retry-After)',
        '/pulls',
        githubError(
          403,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          {
            'retry-after': '2',
          },
        ),
        2000,
      ],
      [
        'a secondary rate limit (429, Retry-After)',
        '/pulls',
        githubError(
          429,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          {
            // longer than the 1 s, 4 s, 9 s a blind retry would wait
            'retry-after': '5',
          },
        ),
        5000,
      ],
    ])(
      'honours %s: waits, then makes the change once',
      async (_name, path, answer, waitMs) => {
        const f = new GitHubFault('post', at(path), answer);
        const { res, branch } = await pinThrough(f);
        expect(answerProblem(res)).toBeNull();
        expect(res.status).toBe(201);
        expect(f.arrivals).toHaveLength(2);
        // not one request before the host said it may come (a little clock slack)
        expect(f.retryGapMs()).toBeGreaterThanOrEqual(waitMs - 100);
        expect(await github.pulls(branch)).toHaveLength(1);
        world.counters.survived();
      },
      30_000,
    );

    it.each<[string, FaultAnswer, RegExp]>([
      [
        'a rate limit that lifts in an hour',
        githubError(403, 'You have exceeded a secondary rate limit.', {
          'retry-after': '3600',
        }),
        /\(403\)/,
      ],
      [
        'a rate limit (429) that lifts in an hour',
        githubError(429, 'You have exceeded a secondary rate limit.', {
          'retry-after': '3600',
        }),
        /\(429\)/,
      ],
      [
        'a refusal of the pull request after the branch was pushed',
        githubError(422, 'Validation Failed'),
        /\(422\)/,
      ],
    ])(
      'fails cleanly on %s: 502 naming GitHub, branch deleted, record failed, a retry succeeds',
      async (_name, answer, status) => {
        const f = new GitHubFault('post', at('/pulls'), answer, 1);
        const { res, branch, digest, tookMs } = await pinThrough(f);
        expect(answerProblem(res, { peerFailure: true })).toBeNull();
        expect(res.status).toBe(502);
        expect(res.json.error.message).toMatch(
          /^GitHub could not open a pull request/,
        );
        expect(res.json.error.message).toMatch(status);
        expect(tookMs).toBeLessThan(10_000); // it did not wait an hour
        expect(await github.branchHead(branch)).toBeNull();
        expect(await github.pulls(branch)).toHaveLength(0);
        const records = (
          await app.client.get('/v1/promotions?service=ledger&limit=500')
        ).json.items as Array<{
          digest: string;
          state: string;
          message: string;
        }>;
        expect(records.filter(r => r.digest === digest)).toEqual([
          expect.objectContaining({
            state: 'failed',
            message: expect.stringMatching(status),
          }),
        ]);

        const retry = await app.client.post('/v1/pins', {
          service: 'ledger',
          environment: 'staging',
          digest,
        });
        expect(retry.status).toBe(201);
        expect(await github.pulls(branch)).toHaveLength(1);
        world.counters.survived();
      },
      30_000,
    );

    it('answers 409 when the pin file changes on main during the change, loses neither change, and a retry starts from the new head', async () => {
      const path = 'envs/staging/ledger/kustomization.yaml';
      const theirs = freshDigest();
      const before = (await github.readFile(path, 'main'))!;
      // CI pins another digest in the moment between our read and our write.
      const f = new GitHubFault('get', at('/pulls'), async () => {
        await github.push(
          'main',
          path,
          before.replace(/sha256:[0-9a-f]{64}/, theirs),
          'ci: pin ledger',
        );
        return undefined;
      });
      const { res, branch, digest } = await pinThrough(f);
      expect(answerProblem(res)).toBeNull();
      expect(res.status).toBe(409);
      expect(res.json.error.message).toContain(path);
      expect(await github.branchHead(branch)).toBeNull();
      expect(await github.pulls(branch)).toHaveLength(0);
      expect(await github.readFile(path, 'main')).toContain(theirs);

      const retry = await app.client.post('/v1/pins', {
        service: 'ledger',
        environment: 'staging',
        digest,
      });
      expect(retry.status).toBe(201);
      expect(retry.json.previousDigest).toBe(theirs);
      expect(
        await github.readFile(path, retry.json.pullRequest.branch),
      ).toContain(digest);
      world.counters.survived();
    }, 30_000);

    it('writes on top of an unrelated change made on main meanwhile; merging keeps both', async () => {
      const f = new GitHubFault('get', at('/pulls'), async () => {
        await github.push(
          'main',
          'docs/NOTES.md',
          'written meanwhile\n',
          'docs: notes',
        );
        return undefined;
      });
      const { res, branch, digest } = await pinThrough(f);
      expect(res.status).toBe(201);
      await world.sandbox().knobs.mergePull(res.json.pullRequest.number);
      expect(await github.readFile('docs/NOTES.md', 'main')).toBe(
        'written meanwhile\n',
      );
      expect(
        await github.readFile('envs/staging/ledger/kustomization.yaml', 'main'),
      ).toContain(digest);
      expect(await github.pulls(branch)).toHaveLength(1);
      world.counters.survived();
    }, 30_000);

    it('survives a merge whose answer was lost: one merge, and the record follows it to merged', async () => {
      const f = new GitHubFault(
        'put',
        at('/pulls/:number/merge'),
        lostAnswer(502),
      );
      const { res, branch } = await pinThrough(f, 'dev'); // dev merges at once
      expect(answerProblem(res)).toBeNull();
      expect(res.status).toBe(201);
      const [pr] = await github.pulls(branch);
      expect(pr.merged).toBe(true);
      // the answer already says so: the writer looked at the pull request after the failure
      expect(res.json).toMatchObject({ state: 'merged', message: null });
      await scheduler.triggerTask('gitops-change-records-reconcile');
      const record = await eventually(async () => {
        const r = await app.client.get(`/v1/promotions/${res.json.id}`);
        return ['merged', 'deployed'].includes(r.json.state)
          ? r.json
          : undefined;
      }, 'the record to follow its pull request to merged');
      const merges = (await github.commitMessages('main')).filter(m =>
        m.startsWith(`Merge pull request #${pr.number} `),
      );
      expect(merges).toHaveLength(1);
      expect(record.pullRequest.number).toBe(pr.number);
      world.counters.survived();
    }, 30_000);

    it('never repeats a credential that the Git host echoes', async () => {
      const f = new GitHubFault(
        'get',
        at('/git/ref/heads/main'),
        echoCredentials(401),
      );
      const { res } = await pinThrough(f);
      expect(answerProblem(res, { peerFailure: true })).toBeNull();
      expect(res.status).toBe(502);
      expect(res.json.error.message).toMatch(
        /GitHub could not read branch main \(401\)/,
      );
      expect(res.text).not.toContain(world.sandbox().githubToken);
      world.counters.survived();
    });

    it('never repeats a token that GitLab echoes, whatever its format', async () => {
      const token = 'Zx8kq2LmN4pR7sT1vW3y'; // a token of the years before glpat- prefixes
      world.secrets.add(token);
      world.msw.use(
        http.get(
          'https://gitlab.example.com/api/v4/projects/:project/repository/branches/:branch',
          ({ request }) =>
            HttpResponse.json(
              {
                message: `401 Unauthorized: ${request.headers.get(
                  'private-token',
                )}`,
              },
              { status: 401 },
            ),
        ),
      );
      const gitlab = new GitlabRepositoryProvider({
        repository: parseRepositoryUrl(
          'https://gitlab.example.com/platform/gitops',
        ),
        webUrl: 'https://gitlab.example.com/platform/gitops',
        baseUrl: 'https://gitlab.example.com',
        token,
      });
      const error = await gitlab.getBranchHead('main').catch(e => e);
      world.evidence.add('error', `${error.name}: ${error.message}`);
      expect(error).toMatchObject({
        name: 'GitProviderError',
        hostStatus: 401,
      });
      expect(error.message).not.toContain(token);
      world.counters.survived();
    });

    it('leaves no pull request without its record, and no record without its pull request', async () => {
      const lost = await lostRecordsOf(app.client, github, branches);
      world.counters.lostRecords += lost;
      expect(lost).toBe(0);
    });
  });
}
