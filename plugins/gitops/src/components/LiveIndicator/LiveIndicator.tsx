import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { StatusUpdateMode } from '../../api';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 24,
  },
  dot: {
    width: 10,
    height: 10,
    borderRadius: '50%',
    display: 'inline-block',
  },
  live: { backgroundColor: theme.palette.success.main },
  polling: { backgroundColor: theme.palette.info.main },
  connecting: { backgroundColor: theme.palette.text.disabled },
  failing: { backgroundColor: theme.palette.error.main },
}));

const TEXT: Record<StatusUpdateMode, string> = {
  live: 'Live',
  polling: 'Polling',
  connecting: 'Connecting',
};

const HELP: Record<StatusUpdateMode, string> = {
  live: 'Following the backend’s events: changes show as soon as Argo CD reports them.',
  polling: 'Events are unavailable: checking for changes every 2 seconds.',
  connecting: 'Loading the status.',
};

/**
 * How the page receives updates (live events, polling), and whether they currently fail.
 *
 * @public
 */
export function LiveIndicator(props: {
  mode: StatusUpdateMode;
  error?: Error;
  updatedAt?: Date;
}) {
  const classes = useStyles();
  const { mode, error, updatedAt } = props;
  const dotClass = error ? classes.failing : classes[mode];
  const title = error
    ? `Updates are failing: ${error.message}. The page shows the last known status.`
    : HELP[mode];
  return (
    <Tooltip title={title}>
      <span
        className={classes.root}
        role="status"
        aria-live="polite"
        aria-label={`Updates: ${error ? 'interrupted' : TEXT[mode]}`}
      >
        <span className={`${classes.dot} ${dotClass}`} aria-hidden />
        <Typography variant="body2" component="span">
          {error ? 'Updates interrupted' : TEXT[mode]}
        </Typography>
        {updatedAt && (
          <Typography variant="caption" color="textSecondary" component="span">
            updated {updatedAt.toLocaleTimeString()}
          </Typography>
        )}
      </span>
    </Tooltip>
  );
}
