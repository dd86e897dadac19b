import type { RolloutProgress as RolloutProgressData } from '@gitops-portal/plugin-gitops-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AnalysisStatus } from '../StatusChips';

const useStyles = makeStyles(theme => ({
  root: {
    // Same height whatever the state, so that steps moving along do not shift the page.
    minHeight: 64,
  },
  line: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    minHeight: 20,
  },
  bar: {
    height: 6,
    borderRadius: 3,
    margin: theme.spacing(0.5, 0),
  },
  aborted: {
    backgroundColor: theme.palette.error.main,
  },
  paused: {
    backgroundColor: theme.palette.warning.main,
  },
  state: {
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  analysis: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
    flexShrink: 0,
    '& > *': {
      fontSize: 'inherit',
    },
  },
  message: {
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));

/** The rollout's state in words: what someone watching it wants to know first. */
export function rolloutStateLabel(rollout: RolloutProgressData): string {
  if (rollout.aborted) return 'Aborted';
  if (rollout.paused || rollout.phase === 'Paused') return 'Paused';
  if (rollout.phase === 'Degraded') return 'Degraded';
  if (rollout.phase === 'Progressing') return 'Progressing';
  return 'Complete';
}

/** "step 3 of 8", or null for a blue-green rollout or one without steps. */
export function rolloutStepLabel(rollout: RolloutProgressData): string | null {
  if (rollout.steps <= 0 || rollout.step === null) return null;
  return `step ${Math.min(rollout.step, rollout.steps)} of ${rollout.steps}`;
}

/**
 * Progress of an Argo Rollouts canary or blue-green rollout: strategy, step k of n, weight,
 * paused or aborted, and the analysis result.
 *
 * @public
 */
export function RolloutProgress(props: { rollout: RolloutProgressData }) {
  const classes = useStyles();
  const { rollout } = props;
  const state = rolloutStateLabel(rollout);
  const step = rolloutStepLabel(rollout);
  const strategy = rollout.strategy === 'blueGreen' ? 'Blue-green' : 'Canary';
  const weight = Math.max(0, Math.min(100, rollout.actualWeight));
  let barClass: string | undefined;
  if (rollout.aborted) barClass = classes.aborted;
  else if (state === 'Paused') barClass = classes.paused;
  const summary = [strategy, step].filter(Boolean).join(' · ');

  const stateLabel = (
    <Typography
      variant="body2"
      component="span"
      className={classes.state}
      color={rollout.aborted ? 'error' : 'textPrimary'}
      aria-label={`Rollout state: ${state}`}
    >
      {state}
    </Typography>
  );

  return (
    <Box className={classes.root} aria-label={`Rollout ${rollout.name}`}>
      <div className={classes.line}>
        <Typography
          variant="body2"
          component="span"
          className={classes.message}
        >
          {summary}
        </Typography>
        <Typography variant="body2" component="span">
          {weight}%
        </Typography>
      </div>
      <Tooltip
        title={`Traffic on the new version: ${weight}% (set weight ${rollout.setWeight}%)`}
      >
        <LinearProgress
          variant="determinate"
          value={weight}
          className={classes.bar}
          classes={barClass ? { bar: barClass } : undefined}
          aria-label={`Rollout weight ${weight}%`}
        />
      </Tooltip>
      <div className={classes.line}>
        {rollout.message && rollout.analysis ? (
          <Tooltip title={rollout.message}>{stateLabel}</Tooltip>
        ) : (
          stateLabel
        )}
        {rollout.analysis && (
          <Tooltip title={rollout.analysis.message ?? rollout.analysis.name}>
            <Typography
              variant="caption"
              component="span"
              className={classes.analysis}
            >
              Analysis <AnalysisStatus phase={rollout.analysis.phase} />
            </Typography>
          </Tooltip>
        )}
        {rollout.message && !rollout.analysis && (
          <Tooltip title={rollout.message}>
            <Typography
              variant="caption"
              color="textSecondary"
              className={classes.message}
            >
              {rollout.message}
            </Typography>
          </Tooltip>
        )}
      </div>
    </Box>
  );
}
