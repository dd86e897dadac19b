import { InfoCard, Progress } from '@backstage/core-components';
import {
  type ChangeRecord,
  type EnvironmentStatus,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import { errorMessage, usePinHistory } from '../../hooks';
import {
  formatDuration,
  formatRelativeTime,
  formatTimestamp,
} from '../../utils/time';
import { PullRequestLink } from '../PullRequestLink';
import { buildTimeline } from './leadTime';

const useStyles = makeStyles(theme => ({
  body: {
    minHeight: 160,
    overflowX: 'auto',
  },
  mono: {
    fontFamily: 'monospace',
  },
  message: {
    padding: theme.spacing(2),
  },
  more: {
    margin: theme.spacing(1),
  },
}));

/**
 * Props of {@link DeploymentTimeline}.
 *
 * @public
 */
export interface DeploymentTimelineProps {
  entityRef: string;
  /** Named environments in promotion order. */
  environments: EnvironmentStatus[];
  records?: ChangeRecord[];
}

/**
 * Per environment, every pin change newest first: when it was committed, by whom, through
 * which pull request, when it was deployed and the lead time from commit to deployed.
 *
 * @public
 */
export function DeploymentTimeline(props: DeploymentTimelineProps) {
  const classes = useStyles();
  const { entityRef, records } = props;
  const environments = props.environments.filter(e => e.name !== null);
  const [selected, setSelected] = useState(0);
  const environment = environments[Math.min(selected, environments.length - 1)];
  const history = usePinHistory(
    entityRef,
    environment?.name ?? undefined,
    environment?.desired?.digest ?? '',
  );
  const timeline = useMemo(
    () =>
      history.items && history.items[0]?.environment === environment?.name
        ? buildTimeline(history.items, records ?? [])
        : undefined,
    [history.items, records, environment?.name],
  );

  let body;
  if (!environment) {
    body = (
      <Typography className={classes.message} color="textSecondary">
        No environments.
      </Typography>
    );
  } else if (history.error && !timeline) {
    body = (
      <Typography className={classes.message} color="error">
        Could not load the history of {environment.name}:{' '}
        {errorMessage(history.error)}
      </Typography>
    );
  } else if (!history.items || (history.loading && !timeline)) {
    body = <Progress />;
  } else if (!timeline || timeline.length === 0) {
    body = (
      <Typography className={classes.message} color="textSecondary">
        {environment.name} has no pin history yet.
      </Typography>
    );
  } else {
    body = (
      <Table size="small" aria-label={`Deployments to ${environment.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Committed</TableCell>
            <TableCell>Digest</TableCell>
            <TableCell>Author</TableCell>
            <TableCell>Pull request</TableCell>
            <TableCell>Deployed</TableCell>
            <TableCell>Lead time</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {timeline.map(({ item, deployedAt, leadTimeMs }) => (
            <TableRow key={item.commit}>
              <TableCell title={formatTimestamp(item.committedAt)}>
                {formatRelativeTime(item.committedAt)}
              </TableCell>
              <TableCell className={classes.mono} title={item.digest}>
                {shortDigest(item.digest)}
                {item.digest === environment.desired?.digest ? ' (pinned)' : ''}
              </TableCell>
              <TableCell title={item.message}>{item.author}</TableCell>
              <TableCell>
                <PullRequestLink pullRequest={item.pullRequest} />
              </TableCell>
              <TableCell title={formatTimestamp(deployedAt)}>
                {deployedAt ? formatRelativeTime(deployedAt) : '—'}
              </TableCell>
              <TableCell>
                {leadTimeMs !== null ? formatDuration(leadTimeMs) : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <InfoCard title="Deployment timeline" noPadding>
      <Tabs
        value={Math.min(selected, Math.max(environments.length - 1, 0))}
        onChange={(_, value) => setSelected(value)}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Environment"
      >
        {environments.map(e => (
          <Tab key={e.name} label={e.name} />
        ))}
      </Tabs>
      <div className={classes.body}>{body}</div>
      {history.hasMore && environment && (
        <Button
          size="small"
          className={classes.more}
          onClick={history.loadMore}
        >
          Load older deployments
        </Button>
      )}
    </InfoCard>
  );
}
