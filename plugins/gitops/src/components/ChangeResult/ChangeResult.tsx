import { Link } from '@backstage/core-components';
import type {
  ChangeRecord,
  ChangeState,
} from '@gitops-portal/plugin-gitops-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { DigestLabel } from '../DigestLabel';

const STATE_TEXT: Record<ChangeState, string> = {
  open: 'Pull request open: waiting for review and merge',
  merged: 'Merged: Argo CD is deploying it',
  deployed: 'Deployed',
  closed: 'Pull request closed without merging',
  failed: 'Failed',
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
}));

/**
 * A change record's state as a small chip.
 *
 * @public
 */
export function ChangeStateChip(props: { state: ChangeState }) {
  let color: 'default' | 'primary' | 'secondary' = 'default';
  if (props.state === 'failed' || props.state === 'closed') color = 'secondary';
  if (props.state === 'deployed') color = 'primary';
  return (
    <Chip
      size="small"
      label={props.state}
      color={color}
      variant={props.state === 'open' ? 'outlined' : 'default'}
    />
  );
}

/**
 * What a confirmed promotion or rollback produced: the pull request link and its state.
 *
 * @public
 */
export function ChangeResult(props: { record: ChangeRecord }) {
  const classes = useStyles();
  const { record } = props;
  const what = record.type === 'rollback' ? 'Rollback' : 'Promotion';
  return (
    <div className={classes.root} role="status">
      <Alert severity={record.state === 'failed' ? 'error' : 'success'}>
        {what} of {record.service} to {record.to} requested.{' '}
        {STATE_TEXT[record.state]}
        {record.message ? ` (${record.message})` : ''}
      </Alert>
      {record.pullRequest ? (
        <Typography variant="body1">
          Pull request{' '}
          <Link to={record.pullRequest.url}>#{record.pullRequest.number}</Link>{' '}
          <ChangeStateChip state={record.state} />
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No pull request was opened.
        </Typography>
      )}
      <DigestLabel digest={record.digest} label="Digest" showLabel />
    </div>
  );
}
