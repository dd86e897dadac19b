import type { ArgoRollout } from '@gitops-portal/plugin-gitops-node';
import { fixture } from './__testUtils__/MockArgoCd';
import { rolloutProgress } from './rolloutProgress';
import { applicationTreeSchema } from './schemas';

const rollout = (name: string): ArgoRollout => fixture(`rollouts/${name}.json`);
const tree = applicationTreeSchema.parse(
  fixture('resource-tree-gateway-staging.json'),
);

describe('rolloutProgress', () => {
  it('canary at an analysis step with traffic routing', () => {
    expect(rolloutProgress(rollout('canary-step'))).toEqual({
      name: 'gateway',
      strategy: 'canary',
      phase: 'Progressing',
      step: 3,
      steps: 6,
      setWeight: 40, // last setWeight at or before step 3
      actualWeight: 40, // from status.canary.weights
      paused: false,
      aborted: false,
      message: 'more replicas need to be updated',
      analysis: {
        name: 'gateway-6f8c5d9b7-12-3',
        phase: 'Running',
        message: null,
      },
    });
  });

  it('canary paused at a pause step, actual weight from the canary pods in the tree', () => {
    const progress = rolloutProgress(rollout('canary-paused'), tree);
    expect(progress).toMatchObject({
      phase: 'Paused', // Argo CD shows the application as Suspended
      step: 1,
      setWeight: 20,
      actualWeight: 20, // 1 of 5 available pods in gateway-6f8c5d9b7
      paused: true,
      aborted: false,
      message: 'CanaryPauseStep',
      analysis: null,
    });
    // without the tree, the set weight stands in
    expect(rolloutProgress(rollout('canary-paused')).actualWeight).toBe(20);
  });

  it('aborted canary: weight 0, Degraded', () => {
    expect(rolloutProgress(rollout('canary-aborted'))).toMatchObject({
      phase: 'Degraded',
      step: 2,
      setWeight: 0,
      actualWeight: 0,
      aborted: true,
      paused: false,
      message: 'RolloutAborted: Rollout aborted update to revision 12',
    });
  });

  it('failed analysis: aborted, with the failing run and its message', () => {
    expect(rolloutProgress(rollout('analysis-failed'))).toMatchObject({
      phase: 'Degraded',
      step: 3,
      setWeight: 0,
      actualWeight: 0,
      aborted: true,
      analysis: {
        name: 'gateway-6f8c5d9b7-12-3',
        phase: 'Failed',
        message:
          'Metric "error-rate" assessed Failed due to failed (3) > failureLimit (2)',
      },
    });
  });

  it('blue-green waiting for promotion', () => {
    expect(rolloutProgress(rollout('blue-green'))).toEqual({
      name: 'web',
      strategy: 'blueGreen',
      phase: 'Paused',
      step: null,
      steps: 0,
      setWeight: 0,
      actualWeight: 0,
      paused: true,
      aborted: false,
      message: 'BlueGreenPause',
      analysis: {
        name: 'web-84c9f7d6b-7-pre',
        phase: 'Successful',
        message: null,
      },
    });
    const promoted = rollout('blue-green');
    promoted.status!.blueGreen!.activeSelector =
      promoted.status!.currentPodHash;
    promoted.status!.phase = 'Healthy';
    promoted.status!.pauseConditions = [];
    promoted.status!.controllerPause = false;
    expect(rolloutProgress(promoted)).toMatchObject({
      phase: 'Healthy',
      setWeight: 100,
      paused: false,
    });
  });

  it('fully promoted canary: past the last step, 100', () => {
    expect(rolloutProgress(rollout('canary-healthy'))).toMatchObject({
      phase: 'Healthy',
      step: 6,
      steps: 6,
      setWeight: 100,
      actualWeight: 100,
      message: null,
    });
  });

  it('progressing while the spec change is not observed, or while unpausing', () => {
    const unobserved = rollout('canary-healthy');
    unobserved.metadata.generation = 8;
    expect(rolloutProgress(unobserved)).toMatchObject({
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    });
    const unpausing = rollout('canary-paused');
    unpausing.status!.pauseConditions = [];
    expect(rolloutProgress(unpausing)).toMatchObject({
      phase: 'Progressing',
      message: 'waiting for rollout to unpause',
      paused: false,
    });
  });

  it('computes the phase itself for controllers that do not report one', () => {
    const legacy = rollout('canary-aborted');
    delete legacy.status!.phase;
    delete legacy.status!.message;
    expect(rolloutProgress(legacy)).toMatchObject({
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 12',
    });
    const paused = rollout('canary-paused');
    delete paused.status!.phase;
    expect(rolloutProgress(paused).phase).toBe('Paused');
  });
});
