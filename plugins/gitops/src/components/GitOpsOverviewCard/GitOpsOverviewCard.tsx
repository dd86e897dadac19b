import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  shortDigest,
  type TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { useEntityGitOpsStatus, useGitOpsConfig } from '../../hooks';
import {
  environmentLabel,
  orderEnvironments,
  targetKey,
} from '../../utils/environments';
import { rolloutStateLabel, rolloutStepLabel } from '../RolloutProgress';
import { HealthStatusIcon, SyncStatusIcon } from '../StatusChips';

const useStyles = makeStyles(theme => ({
  target: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 24,
  },
  cluster: {
    minWidth: 72,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  icons: {
    display: 'inline-flex',
    alignItems: 'center',
  },
  notes: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    minWidth: 0,
  },
  mono: {
    fontFamily: 'monospace',
  },
}));

/** What is worth a word about a target; nothing when it is synced, healthy and done. */
function targetNotes(target: TargetStatus): string {
  if (target.error) return target.error.message;
  const notes: string[] = [];
  if (target.drift.outOfSync > 0)
    notes.push(`${target.drift.outOfSync} drifted`);
  if (target.rollout && rolloutStateLabel(target.rollout) !== 'Complete') {
    notes.push(
      [rolloutStateLabel(target.rollout), rolloutStepLabel(target.rollout)]
        .filter(Boolean)
        .join(' '),
    );
  }
  if (target.operation?.phase === 'Running') notes.push('syncing');
  return notes.join(' · ');
}

function TargetLine(props: { target: TargetStatus }) {
  const classes = useStyles();
  const { target } = props;
  const status = target.error
    ? 'unavailable'
    : `${target.sync.status}, ${target.health.status}`;
  return (
    <div className={classes.target} aria-label={`${target.cluster}: ${status}`}>
      <Typography variant="body2" component="span" className={classes.cluster}>
        {target.cluster}
      </Typography>
      {target.error ? (
        <Typography variant="body2" color="error" component="span">
          unavailable
        </Typography>
      ) : (
        <Tooltip title={status}>
          <span className={classes.icons}>
            <SyncStatusIcon status={target.sync.status} />
            <HealthStatusIcon status={target.health.status} />
          </span>
        </Tooltip>
      )}
      <Typography
        variant="body2"
        color="textSecondary"
        component="span"
        className={classes.notes}
      >
        {targetNotes(target)}
      </Typography>
    </div>
  );
}

/**
 * Compact environment × status matrix for the entity's overview page, linking to the
 * GitOps tab.
 *
 * @public
 */
export function GitOpsOverviewCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityRoute = useRouteRef(entityRouteRef);
  const { status, error } = useEntityGitOpsStatus(entityRef);
  const { config } = useGitOpsConfig();
  const environments = useMemo(
    () => (status ? orderEnvironments(status.environments, config) : []),
    [status, config],
  );
  const link = `${entityRoute(entityRouteParams(entity))}/gitops`;

  let body;
  if (!status && error) {
    body = (
      <Typography color="error">
        Could not load the GitOps status: {error.message}
      </Typography>
    );
  } else if (!status) {
    body = <Progress />;
  } else if (environments.length === 0) {
    body = (
      <Typography color="textSecondary">
        No Argo CD application deploys this entity.
      </Typography>
    );
  } else {
    body = (
      <Table size="small" aria-label="GitOps status by environment">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Pinned</TableCell>
            <TableCell>Targets</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {environments.map(env => (
            <TableRow key={env.name ?? '(unassigned)'}>
              <TableCell>
                <strong>{environmentLabel(env.name)}</strong>
              </TableCell>
              <TableCell className={classes.mono}>
                {env.desired ? (
                  <Tooltip title={env.desired.digest}>
                    <span>{shortDigest(env.desired.digest)}</span>
                  </Tooltip>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                {env.targets.length === 0
                  ? '—'
                  : env.targets.map(t => (
                      <TargetLine key={targetKey(t)} target={t} />
                    ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <InfoCard
      title="GitOps"
      subheader={
        status?.errors.length
          ? `${status.errors.length} Argo CD instance(s) unavailable`
          : undefined
      }
      deepLink={{ title: 'View GitOps', link }}
    >
      {body}
    </InfoCard>
  );
}
