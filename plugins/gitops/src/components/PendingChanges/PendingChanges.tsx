import { InfoCard } from '@backstage/core-components';
import {
  type ChangeRecord,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatRelativeTime, formatTimestamp } from '../../utils/time';
import { ChangeStateChip } from '../ChangeResult';
import { PullRequestLink } from '../PullRequestLink';

const useStyles = makeStyles(theme => ({
  message: {
    padding: theme.spacing(2),
  },
  mono: {
    fontFamily: 'monospace',
  },
  table: {
    overflowX: 'auto',
  },
}));

/** "Promote dev → staging", "Roll back prod", "Pin dev". */
export function changeTitle(record: ChangeRecord): string {
  if (record.type === 'rollback') return `Roll back ${record.to}`;
  if (record.type === 'pin') return `Pin ${record.to}`;
  if (record.type === 'onboarding') return `Onboard ${record.service}`;
  return `Promote ${record.from ?? '?'} → ${record.to}`;
}

/** True for records whose pull request is open or merged but not yet deployed. */
export function isPendingChange(record: ChangeRecord): boolean {
  return record.state === 'open' || record.state === 'merged';
}

/**
 * Promotions and rollbacks still on their way: open pull requests, and merged ones Argo CD
 * has not deployed yet.
 *
 * @public
 */
export function PendingChanges(props: {
  records?: ChangeRecord[];
  error?: Error;
}) {
  const classes = useStyles();
  const pending = (props.records ?? []).filter(isPendingChange);
  let body;
  if (props.error && !props.records) {
    body = (
      <Typography color="error" className={classes.message}>
        Could not load the records: {props.error.message}
      </Typography>
    );
  } else if (pending.length === 0) {
    body = (
      <Typography color="textSecondary" className={classes.message}>
        No open promotions or rollbacks.
      </Typography>
    );
  } else {
    body = (
      <div className={classes.table}>
        <Table size="small" aria-label="Pending promotions and rollbacks">
          <TableHead>
            <TableRow>
              <TableCell>Change</TableCell>
              <TableCell>Digest</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Pull request</TableCell>
              <TableCell>Requested by</TableCell>
              <TableCell>Requested</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pending.map(record => (
              <TableRow key={record.id}>
                <TableCell>{changeTitle(record)}</TableCell>
                <TableCell className={classes.mono} title={record.digest}>
                  {shortDigest(record.digest)}
                </TableCell>
                <TableCell>
                  <ChangeStateChip state={record.state} />
                </TableCell>
                <TableCell>
                  <PullRequestLink pullRequest={record.pullRequest} />
                </TableCell>
                <TableCell>{record.createdBy}</TableCell>
                <TableCell title={formatTimestamp(record.createdAt)}>
                  {formatRelativeTime(record.createdAt)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }
  return (
    <InfoCard title="Pending promotions and rollbacks" noPadding>
      {body}
    </InfoCard>
  );
}
