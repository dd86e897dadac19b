import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeRollout } from '../../__testUtils__/status';
import { RolloutProgress } from './RolloutProgress';

describe('RolloutProgress', () => {
  it('shows a paused canary step with its weight and running analysis', async () => {
    await renderInTestApp(
      <RolloutProgress
        rollout={makeRollout({
          phase: 'Paused',
          paused: true,
          step: 3,
          setWeight: 40,
          actualWeight: 40,
          analysis: { name: 'gateway-6c9-3', phase: 'Running', message: null },
        })}
      />,
    );
    expect(screen.getByText('Canary · step 3 of 8')).toBeInTheDocument();
    expect(screen.getByText('40%')).toBeInTheDocument();
    expect(screen.getByText('Paused')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '40',
    );
    expect(screen.getByText('Running')).toBeInTheDocument();
  });

  it('shows an aborted rollout with the failed analysis and message', async () => {
    await renderInTestApp(
      <RolloutProgress
        rollout={makeRollout({
          phase: 'Degraded',
          aborted: true,
          step: 2,
          setWeight: 0,
          actualWeight: 0,
          message: 'RolloutAborted: metric "error-rate" assessed Failed',
          analysis: {
            name: 'gateway-6c9-2',
            phase: 'Failed',
            message: 'error-rate 0.31 > 0.05',
          },
        })}
      />,
    );
    expect(screen.getByText('Canary · step 2 of 8')).toBeInTheDocument();
    expect(screen.getByText('0%')).toBeInTheDocument();
    expect(screen.getByText('Aborted')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    // With an analysis on screen, the message is on the state's tooltip.
    await userEvent.hover(screen.getByLabelText('Rollout state: Aborted'));
    expect(
      await screen.findByRole('tooltip', {
        name: 'RolloutAborted: metric "error-rate" assessed Failed',
      }),
    ).toBeInTheDocument();
  });

  it('shows a progressing and a completed rollout', async () => {
    await renderInTestApp(
      <>
        <RolloutProgress
          rollout={makeRollout({
            phase: 'Progressing',
            step: 1,
            setWeight: 20,
            actualWeight: 20,
          })}
        />
        <RolloutProgress rollout={makeRollout()} />
      </>,
    );
    expect(screen.getByText('Canary · step 1 of 8')).toBeInTheDocument();
    expect(screen.getByText('Progressing')).toBeInTheDocument();
    expect(screen.getByText('Canary · step 8 of 8')).toBeInTheDocument();
    expect(screen.getByText('100%')).toBeInTheDocument();
    expect(screen.getByText('Complete')).toBeInTheDocument();
  });

  it('shows a blue-green rollout without steps', async () => {
    await renderInTestApp(
      <RolloutProgress
        rollout={makeRollout({
          strategy: 'blueGreen',
          phase: 'Paused',
          paused: true,
          step: null,
          steps: 0,
          setWeight: 0,
          actualWeight: 0,
          message: 'BlueGreenPause',
        })}
      />,
    );
    expect(screen.getByText('Blue-green')).toBeInTheDocument();
    expect(screen.getByText('Paused')).toBeInTheDocument();
    expect(screen.getByText('BlueGreenPause')).toBeInTheDocument();
  });
});
