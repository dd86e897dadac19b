import { Link } from '@backstage/core-components';
import type {
  DesiredState,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import { formatRelativeTime, formatTimestamp } from '../../utils/time';
import { DigestLabel } from '../DigestLabel';
import { RolloutProgress } from '../RolloutProgress';
import { HealthStatusChip, SyncStatusChip } from '../StatusChips';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1.5),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
  },
  header: {
    display: 'flex',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
  title: {
    fontWeight: theme.typography.fontWeightBold as number,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    minHeight: 24,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    minHeight: 32,
  },
  mismatch: {
    display: 'inline-flex',
    alignItems: 'center',
    color: theme.palette.warning.main,
    gap: theme.spacing(0.5),
  },
  oneLine: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    minHeight: 20,
  },
  driftButton: {
    textTransform: 'none',
    padding: theme.spacing(0, 1),
    minHeight: 28,
  },
}));

/**
 * Props of {@link TargetCard}.
 *
 * @public
 */
export interface TargetCardProps {
  target: TargetStatus;
  /** The environment's pin; the live digest is compared with it. */
  desired: DesiredState | null;
  /** Opens the drift drawer of this target. */
  onOpenDrift?(target: TargetStatus): void;
}

function OperationLine(props: { target: TargetStatus }) {
  const classes = useStyles();
  const { operation, reconciledAt } = props.target;
  const lastSync = operation?.finishedAt ?? reconciledAt;
  const running = operation && operation.phase === 'Running';
  const text = operation
    ? `${running ? 'Syncing' : `Sync ${operation.phase.toLowerCase()}`}${
        operation.message ? `: ${operation.message}` : ''
      }`
    : 'No sync operation yet';
  const failed = operation?.phase === 'Failed' || operation?.phase === 'Error';
  return (
    <>
      <Tooltip title={operation?.message ?? ''}>
        <Typography
          variant="body2"
          className={classes.oneLine}
          color={failed ? 'error' : 'textPrimary'}
        >
          {text}
        </Typography>
      </Tooltip>
      <Typography
        variant="caption"
        color="textSecondary"
        className={classes.oneLine}
        title={formatTimestamp(lastSync)}
      >
        {lastSync ? `Last sync ${formatRelativeTime(lastSync)}` : '\u00a0'}
      </Typography>
    </>
  );
}

/**
 * What runs on one target (an Argo CD instance and cluster) of an environment: sync and
 * health, live digest against the pin, drift, rollout, current operation, last sync, and a
 * link to the application in Argo CD. A target that failed to load shows its error.
 *
 * @public
 */
export function TargetCard(props: TargetCardProps) {
  const classes = useStyles();
  const { target, desired, onOpenDrift } = props;
  const label = `${target.cluster} on ${target.instance}`;
  const mismatch =
    !!desired?.digest && !!target.digest && desired.digest !== target.digest;
  const drift = target.drift.outOfSync;

  return (
    <Paper
      variant="outlined"
      className={classes.root}
      component="section"
      aria-label={`Target ${label}`}
    >
      <div className={classes.header}>
        <Typography variant="subtitle2" className={classes.title} noWrap>
          {target.cluster}
        </Typography>
        <Typography variant="caption" color="textSecondary" noWrap>
          {target.instance}
        </Typography>
      </div>

      {target.error ? (
        <Alert severity="error" variant="outlined">
          {target.application.name}: {target.error.message} ({target.error.code}
          )
        </Alert>
      ) : (
        <>
          <div className={classes.chips}>
            <SyncStatusChip
              status={target.sync.status}
              revision={target.sync.revision}
            />
            <HealthStatusChip
              status={target.health.status}
              message={target.health.message}
            />
            {!target.trusted && (
              <Tooltip title="Argo CD has not reconciled since the last operation: health may be stale">
                <Typography variant="caption" color="textSecondary">
                  (stale)
                </Typography>
              </Tooltip>
            )}
          </div>

          <div className={classes.row}>
            <DigestLabel digest={target.digest} label="Live" showLabel />
            {mismatch && (
              <Tooltip
                title={`Live digest differs from the pin ${desired?.digest}`}
              >
                <Typography
                  variant="caption"
                  className={classes.mismatch}
                  role="status"
                >
                  <WarningIcon fontSize="inherit" /> not the pin
                </Typography>
              </Tooltip>
            )}
          </div>

          <div className={classes.row}>
            {drift > 0 ? (
              <Button
                size="small"
                color="secondary"
                variant="outlined"
                className={classes.driftButton}
                onClick={() => onOpenDrift?.(target)}
                aria-label={`Show ${drift} drifted resources of ${target.application.name}`}
              >
                {drift} drifted
              </Button>
            ) : (
              <Typography variant="body2" color="textSecondary">
                No drift
              </Typography>
            )}
            {target.syncWindows && !target.syncWindows.canSync && (
              <Typography variant="caption" color="error">
                Sync window closed
              </Typography>
            )}
          </div>

          {target.rollout && <RolloutProgress rollout={target.rollout} />}
          {!target.rollout && target.detailsLoading && (
            <Typography variant="caption" color="textSecondary">
              Reading rollout and sync windows from Argo CD…
            </Typography>
          )}

          <OperationLine target={target} />
        </>
      )}

      <Box display="flex" justifyContent="flex-end">
        <Link
          to={target.application.url}
          aria-label={`Open ${target.application.name} in Argo CD`}
        >
          <Typography variant="caption" component="span">
            {target.application.name}{' '}
            <OpenInNewIcon
              fontSize="inherit"
              style={{ verticalAlign: 'middle' }}
            />
          </Typography>
        </Link>
      </Box>
    </Paper>
  );
}
