import { Link } from '@backstage/core-components';
import type {
  ChangeRecord,
  EnvironmentStatus,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { environmentLabel, targetKey } from '../../utils/environments';
import { ChangeStateChip } from '../ChangeResult';
import { DigestLabel } from '../DigestLabel';
import { RollbackButton } from '../RollbackDialog';
import { TargetCard } from '../TargetCard';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1.5),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    minWidth: 0,
    height: '100%',
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    minHeight: 36,
  },
  pin: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  pending: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minHeight: 24,
  },
  pendingItem: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  targets: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
}));

/**
 * Props of {@link EnvironmentColumn}.
 *
 * @public
 */
export interface EnvironmentColumnProps {
  entityRef: string;
  environment: EnvironmentStatus;
  /** Open promotions and rollbacks into this environment. */
  pending: ChangeRecord[];
  /** Approvals the environment's pull requests need, from config. */
  approvals?: number;
  onOpenDrift(target: TargetStatus, environment: string | null): void;
  onChanged(record: ChangeRecord): void;
}

/**
 * One environment of the pipeline: its pin, open pull requests into it, its roll back
 * button and every target that deploys it.
 *
 * @public
 */
export function EnvironmentColumn(props: EnvironmentColumnProps) {
  const classes = useStyles();
  const { entityRef, environment, pending, approvals, onOpenDrift, onChanged } =
    props;
  const name = environmentLabel(environment.name);
  return (
    <Paper
      className={classes.root}
      component="section"
      aria-label={`Environment ${name}`}
    >
      <div className={classes.header}>
        <Typography variant="h6" component="h3">
          {name}
        </Typography>
        {environment.name && (
          <RollbackButton
            entityRef={entityRef}
            environment={environment.name}
            currentDigest={environment.desired?.digest ?? null}
            onRolledBack={onChanged}
          />
        )}
      </div>
      <div className={classes.pin}>
        <DigestLabel
          digest={environment.desired?.digest ?? null}
          label="Pinned"
          showLabel
        />
        {environment.desired?.commit && (
          <Typography
            variant="caption"
            color="textSecondary"
            title={environment.desired.commit}
          >
            commit {environment.desired.commit.slice(0, 7)}
          </Typography>
        )}
        {approvals ? (
          <Typography variant="caption" color="textSecondary">
            {approvals} approval{approvals > 1 ? 's' : ''} needed
          </Typography>
        ) : null}
      </div>
      <div className={classes.pending}>
        {pending.map(record => (
          <div key={record.id} className={classes.pendingItem}>
            <Typography variant="body2">
              {record.type === 'rollback' ? 'Rollback' : 'Promotion'}{' '}
              {record.pullRequest ? (
                <Link to={record.pullRequest.url}>
                  PR #{record.pullRequest.number}
                </Link>
              ) : null}
            </Typography>
            <ChangeStateChip state={record.state} />
          </div>
        ))}
      </div>
      <div className={classes.targets}>
        {environment.targets.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No application deploys {name}.
          </Typography>
        ) : (
          environment.targets.map(target => (
            <TargetCard
              key={targetKey(target)}
              target={target}
              desired={environment.desired}
              onOpenDrift={t => onOpenDrift(t, environment.name)}
            />
          ))
        )}
      </div>
    </Paper>
  );
}
