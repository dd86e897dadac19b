import { target, D1, D2 } from '../../__testUtils__/changesTestKit';
import { notAtDigestGate } from './notAtDigestGate';
import { permissionGate } from './permissionGate';
import { sourceDigestGate } from './sourceDigestGate';
import { sourceHealthGate, targetProblem } from './sourceHealthGate';
import { syncWindowGate } from './syncWindowGate';

const env = (targets: ReturnType<typeof target>[]) => ({
  name: 'dev',
  desired: null,
  targets,
});

describe('gates', () => {
  it('source-digest: every source target runs the pinned digest', () => {
    expect(
      sourceDigestGate(
        'dev',
        D1,
        env([target('dev', D1), target('dev', D1, { cluster: 'b' })]),
      ).passed,
    ).toBe(true);
    expect(
      sourceDigestGate(
        'dev',
        D1,
        env([target('dev', D1), target('dev', D2, { cluster: 'b' })]),
      ),
    ).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /runs 222222222222, not the pinned 111111111111/,
      ),
    });
    expect(
      sourceDigestGate('dev', null, env([target('dev', D1)])).message,
    ).toBe('dev pins no digest');
    expect(
      sourceDigestGate('dev', D1, env([target('dev', null)])).message,
    ).toMatch(/unknown/);
    expect(sourceDigestGate('dev', D1, undefined).message).toMatch(
      /No Argo CD application/,
    );
  });

  it('source-health: Synced, Healthy, trusted, idle, rollout done', () => {
    expect(targetProblem(target('dev', D1))).toBeNull();
    expect(
      targetProblem(
        target('dev', D1, { sync: { status: 'OutOfSync', revision: null } }),
      ),
    ).toBe('is OutOfSync');
    expect(
      targetProblem(
        target('dev', D1, { error: { code: 'TIMEOUT', message: 'timed out' } }),
      ),
    ).toMatch(/cannot be read/);
    const rollout = {
      name: 'gateway',
      strategy: 'canary' as const,
      phase: 'Healthy' as const,
      step: 4,
      steps: 4,
      setWeight: 100,
      actualWeight: 100,
      paused: false,
      aborted: false,
      message: null,
      analysis: null,
    };
    expect(targetProblem(target('dev', D1, { rollout }))).toBeNull();
    expect(
      targetProblem(
        target('dev', D1, {
          rollout: { ...rollout, aborted: true, phase: 'Degraded' },
        }),
      ),
    ).toMatch(/aborted/);
    expect(
      targetProblem(
        target('dev', D1, {
          rollout: { ...rollout, step: 2, phase: 'Progressing' },
        }),
      ),
    ).toMatch(/Progressing at step 2\/4/);
    expect(
      sourceHealthGate(
        'dev',
        env([target('dev', D1), target('dev', D1, { trusted: false })]),
      ),
    ).toMatchObject({
      passed: false,
      message: expect.stringContaining(
        'has health older than its last operation',
      ),
    });
  });

  it('sync-window: blocks promotions, only informs rollbacks', () => {
    const closed = env([
      target('dev', D1, { syncWindows: { canSync: false, active: [] } }),
    ]);
    expect(syncWindowGate('dev', closed, { blocking: true }).passed).toBe(
      false,
    );
    expect(syncWindowGate('dev', closed, { blocking: false })).toMatchObject({
      passed: true,
      message: expect.stringMatching(/blocks/),
    });
    expect(
      syncWindowGate('dev', env([target('dev', D1)]), { blocking: true })
        .passed,
    ).toBe(true);
    expect(syncWindowGate('dev', env([]), { blocking: true }).message).toMatch(
      /yet/,
    );
  });

  it('not-at-digest and permission', () => {
    expect(notAtDigestGate('prod', D1, D1).passed).toBe(false);
    expect(notAtDigestGate('prod', null, D1).passed).toBe(true);
    expect(permissionGate(false, 'gitops.promotion.create', 'x')).toMatchObject(
      { name: 'permission', passed: false },
    );
  });
});
