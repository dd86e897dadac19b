import { readFile, writeFile } from 'node:fs/promises';
import type {
  ArgoApplication,
  ArgoHealthStatusCode,
  ArgoRollout,
} from '@gitops-portal/plugin-gitops-node';
import { DEMO_SERVICES, versionDigest } from '../demo';
import { runGit } from '../git/runGit';
import { Sandbox, startSandbox } from '../startSandbox';
import { checkApplication } from '../testing/argoShapes';
import { http, waitFor } from '../testing/helpers';
import { changeByPullRequest, pinDigest } from '../testing/promote';

const gateway = DEMO_SERVICES.find(s => s.name === 'gateway')!;
const web = DEMO_SERVICES.find(s => s.name === 'web')!;

jest.setTimeout(30000);

describe('reconcile loop', () => {
  let sandbox: Sandbox;
  const instance = (name: string) => sandbox.argocd.find(i => i.name === name)!;
  const getApp = async (name: string): Promise<ArgoApplication> => {
    const i = instance(name.endsWith('-prod') ? 'prod' : 'nonprod');
    const res = await http(`${i.url}/api/v1/applications/${name}`, {
      headers: { Authorization: `Bearer ${i.token}` },
    });
    if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
    return checkApplication(res.body);
  };
  const getRollout = async (
    app: string,
    service: string,
  ): Promise<ArgoRollout> => {
    const i = instance('nonprod');
    const res = await http(
      `${i.url}/api/v1/applications/${app}/resource?namespace=${service}&resourceName=${service}&group=argoproj.io&version=v1alpha1&kind=Rollout`,
      { headers: { Authorization: `Bearer ${i.token}` } },
    );
    return JSON.parse(res.body.manifest);
  };
  const state = (app: ArgoApplication) =>
    `${app.status!.sync.status}/${app.status!.health.status}${
      app.status!.operationState?.phase === 'Running' ? '/Running' : ''
    }`;

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 20, demoState: false });
  });
  afterAll(() => sandbox.stop());

  it('promotes dev → staging by pull request: OutOfSync, sync, canary steps, then Synced and Healthy', async () => {
    const dev = await getApp('gateway-dev');
    const devDigest = dev.status!.summary!.images![0].split('@')[1];
    expect(devDigest).toBe(versionDigest('gateway', gateway.versions[3]));
    const before = await getApp('gateway-staging');
    expect(state(before)).toBe('Synced/Healthy');

    // Record every state gateway-staging goes through, from the watch stream.
    const seen: string[] = [];
    const controller = new AbortController();
    const nonprod = instance('nonprod');
    const stream = await fetch(
      `${nonprod.url}/api/v1/stream/applications?name=gateway-staging`,
      {
        headers: { Authorization: `Bearer ${nonprod.token}` },
        signal: controller.signal,
      },
    );
    const reading = (async () => {
      const reader = stream.body!.getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += Buffer.from(value).toString('utf8');
          for (
            let nl = buffer.indexOf('\n');
            nl >= 0;
            nl = buffer.indexOf('\n')
          ) {
            const chunk = JSON.parse(buffer.slice(0, nl));
            buffer = buffer.slice(nl + 1);
            const s = state(chunk.result.application);
            if (seen[seen.length - 1] !== s) seen.push(s);
          }
        }
      } catch {
        // aborted
      }
    })();

    const started = Date.now();
    const { mergeSha } = await changeByPullRequest(
      sandbox,
      `promote/staging/gateway/${devDigest.slice(7, 19)}`,
      'Promote gateway to staging',
      { 'envs/staging/gateway/values.yaml': pinDigest(devDigest) },
    );

    // While the canary is paused the Rollout shows its step and pause condition.
    const paused = await waitFor(async () => {
      const r = await getRollout('gateway-staging', 'gateway');
      return r.status?.phase === 'Paused' ? r : undefined;
    }, 'a paused canary step');
    expect(paused.status!.pauseConditions).toEqual([
      { reason: 'CanaryPauseStep', startTime: expect.any(String) },
    ]);
    expect([1, 4]).toContain(paused.status!.currentStepIndex);
    expect(paused.status!.stableRS).not.toBe(paused.status!.currentPodHash);
    const pausedApp = await getApp('gateway-staging');
    expect(pausedApp.status!.health.status).toBe('Suspended');
    expect(pausedApp.status!.summary!.images).toHaveLength(2);

    const done = await waitFor(async () => {
      const app = await getApp('gateway-staging');
      return state(app) === 'Synced/Healthy' &&
        app.status!.summary!.images!.length === 1 &&
        app.status!.summary!.images![0].endsWith(devDigest)
        ? app
        : undefined;
    }, 'staging to run the new digest, Synced and Healthy');
    const elapsed = Date.now() - started;
    controller.abort();
    await reading;

    expect(done.status!.sync.revision).toBe(mergeSha);
    const last = done.status!.history!.at(-1)!;
    expect(last.revision).toBe(mergeSha);
    expect(last.initiatedBy).toEqual({ automated: true });
    expect(done.status!.history!.length).toBe(
      before.status!.history!.length + 1,
    );
    const rollout = await getRollout('gateway-staging', 'gateway');
    expect(rollout.status!.currentStepIndex).toBe(6);
    expect(rollout.status!.stableRS).toBe(rollout.status!.currentPodHash);
    expect(
      rollout.status!.canary?.currentStepAnalysisRunStatus,
    ).toBeUndefined();

    // The sequence a user sees: OutOfSync, a running sync, the canary (Progressing and
    // Suspended on pauses), then Synced and Healthy.
    const order = [
      'OutOfSync/Healthy',
      'OutOfSync/Healthy/Running',
      'Synced/Progressing',
      'Synced/Suspended',
      'Synced/Healthy',
    ];
    let cursor = 0;
    for (const s of seen) {
      if (s === order[cursor]) cursor += 1;
    }
    expect({ seen, reached: order.slice(0, cursor) }).toEqual({
      seen,
      reached: order,
    });
    expect(seen.filter(s => s === 'Synced/Suspended').length).toBe(2);
    // speed 20: about 36 s of sandbox time
    expect(elapsed).toBeLessThan(15000);
  });

  it('aborts the canary of a bad digest (Degraded), and a rollback by pull request heals it', async () => {
    const bad = versionDigest('gateway', '9.9.9-bad');
    await sandbox.knobs.badDigest({ digest: bad });
    const previous = (
      await getApp('gateway-dev')
    ).status!.summary!.images![0].split('@')[1];
    await changeByPullRequest(
      sandbox,
      'dev/gateway/bad',
      'dev: gateway 9.9.9',
      {
        'envs/dev/gateway/values.yaml': pinDigest(bad),
      },
    );
    const degraded = await waitFor(async () => {
      const app = await getApp('gateway-dev');
      return app.status!.health.status === 'Degraded' ? app : undefined;
    }, 'gateway-dev Degraded');
    expect(degraded.status!.sync.status).toBe('Synced');
    const rollout = await getRollout('gateway-dev', 'gateway');
    expect(rollout.status).toEqual(
      expect.objectContaining({
        abort: true,
        abortedAt: expect.any(String),
        phase: 'Degraded',
        message: expect.stringContaining('RolloutAborted'),
        currentStepIndex: 0,
        canary: {
          currentStepAnalysisRunStatus: expect.objectContaining({
            status: 'Failed',
          }),
        },
      }),
    );
    // the stable pods keep running the previous image
    expect(degraded.status!.summary!.images).toEqual([
      `ghcr.io/acme/gateway@${previous}`,
    ]);

    await changeByPullRequest(
      sandbox,
      'rollback/dev/gateway',
      'Roll back gateway in dev',
      {
        'envs/dev/gateway/values.yaml': pinDigest(previous),
      },
    );
    await waitFor(async () => {
      const app = await getApp('gateway-dev');
      const r = await getRollout('gateway-dev', 'gateway');
      return state(app) === 'Synced/Healthy' && !r.status!.abort
        ? app
        : undefined;
    }, 'gateway-dev healthy again after the rollback');
  });

  it('leaves prod OutOfSync until someone syncs it', async () => {
    const digest = versionDigest('web', web.versions[2]);
    const { mergeSha } = await changeByPullRequest(
      sandbox,
      'promote/prod/web',
      'Promote web to prod',
      {
        'envs/prod/web/values.yaml': pinDigest(digest),
      },
    );
    await waitFor(async () => {
      const app = await getApp('web-prod');
      return (
        app.status!.sync.revision === mergeSha &&
        app.status!.sync.status === 'OutOfSync'
      );
    }, 'web-prod OutOfSync');
    await new Promise(r => setTimeout(r, 400)); // longer than the auto-sync delay at speed 20
    expect((await getApp('web-prod')).status!.operationState!.phase).toBe(
      'Succeeded',
    );
    expect((await getApp('web-prod')).status!.sync.status).toBe('OutOfSync');
    await sandbox.knobs.sync({ application: 'web-prod' });
    // blue-green: preview up, paused for promotion with the smoke test, then promoted
    await waitFor(
      async () =>
        (await getApp('web-prod')).status!.health.status === 'Suspended',
      'the blue-green pause',
    );
    const done = await waitFor(async () => {
      const app = await getApp('web-prod');
      return state(app) === 'Synced/Healthy' &&
        app.status!.summary!.images![0].endsWith(digest)
        ? app
        : undefined;
    }, 'web-prod promoted');
    expect(done.status!.history!.at(-1)!.initiatedBy).toEqual({
      username: 'admin',
    });
  });

  it('generates applications from the ApplicationSet and follows commits made on disk', async () => {
    await changeByPullRequest(sandbox, 'onboard/payments', 'Onboard payments', {
      'applicationsets/nonprod/services.yaml': current =>
        current!.replace(
          '          - service: web',
          '          - service: web\n          - service: payments',
        ),
      'envs/dev/payments/values.yaml': () =>
        `replicaCount: 1\nimage:\n  repository: ghcr.io/acme/payments\n  digest: ${versionDigest(
          'payments',
          '0.1.0',
        )}\n`,
    });
    const created = await waitFor(async () => {
      const app = await getApp('payments-dev').catch(() => undefined);
      return app && state(app) === 'Synced/Healthy' ? app : undefined;
    }, 'payments-dev deployed');
    expect(created.metadata.labels!['app.kubernetes.io/part-of']).toBe(
      'payments',
    );
    const staging = await getApp('payments-staging');
    expect(staging.status!.sync.status).toBe('Unknown');
    expect(staging.status!.conditions![0]).toEqual(
      expect.objectContaining({
        type: 'ComparisonError',
        message: expect.stringContaining(
          'envs/staging/payments: app path does not exist',
        ),
      }),
    );

    // a commit made with git on the working copy is noticed by polling
    const dir = sandbox.repoDir;
    const ledgerDigest = versionDigest('ledger', '2.9.0');
    const file = `${dir}/envs/dev/ledger/kustomization.yaml`;
    await writeFile(
      file,
      pinDigest(ledgerDigest)(await readFile(file, 'utf8')),
    );
    await runGit(dir, [
      'commit',
      '--quiet',
      '-am',
      'dev: ledger 2.9.0 by hand',
    ]);
    const ledger = await waitFor(
      async () => {
        const app = await getApp('ledger-dev');
        return app.status!.summary!.images![0].endsWith(ledgerDigest) &&
          state(app) === 'Synced/Healthy'
          ? app
          : undefined;
      },
      'ledger-dev to follow the commit on disk',
      20000,
    );
    expect(ledger.status!.sourceType).toBe('Kustomize');
    const health: ArgoHealthStatusCode = ledger.status!.health.status!;
    expect(health).toBe('Healthy');
  });
});
