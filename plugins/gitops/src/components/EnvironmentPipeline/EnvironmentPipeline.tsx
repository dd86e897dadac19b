import type {
  ChangeRecord,
  EnvironmentStatus,
  GitOpsPublicConfig,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import { environmentSignature } from '../../utils/signatures';
import { PromoteButton } from '../PromoteButton';
import { EnvironmentColumn } from './EnvironmentColumn';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'grid',
    gap: theme.spacing(1),
    alignItems: 'stretch',
    [theme.breakpoints.down('sm')]: {
      gridTemplateColumns: '1fr !important',
    },
  },
  spacer: {
    width: theme.spacing(2),
  },
}));

/**
 * Props of {@link EnvironmentPipeline}.
 *
 * @public
 */
export interface EnvironmentPipelineProps {
  entityRef: string;
  /** Environments in promotion order. */
  environments: EnvironmentStatus[];
  config?: GitOpsPublicConfig;
  /** Open and merged records, for the pull requests shown per environment. */
  pending: ChangeRecord[];
  /** Bumped after every change made from the page, so that gates are evaluated again. */
  changeCount?: number;
  onOpenDrift(target: TargetStatus, environment: string | null): void;
  onChanged(record: ChangeRecord): void;
}

/**
 * The environments side by side in promotion order (dev → staging → prod), with a promote
 * button between adjacent configured environments. Stacks on narrow screens.
 *
 * @public
 */
export function EnvironmentPipeline(props: EnvironmentPipelineProps) {
  const classes = useStyles();
  const {
    entityRef,
    environments,
    config,
    pending,
    changeCount = 0,
    onOpenDrift,
    onChanged,
  } = props;
  const configured = new Set(config?.environments.map(e => e.name) ?? []);
  const approvals = new Map(
    config?.environments.map(e => [e.name, e.approvals]) ?? [],
  );
  const promotable = (from?: EnvironmentStatus, to?: EnvironmentStatus) =>
    !!from?.name &&
    !!to?.name &&
    (!config || (configured.has(from.name) && configured.has(to.name)));

  // Columns: environment, gap (a promote button or spacing), environment, ...
  const columns = environments
    .map((_, i) => (i === 0 ? 'minmax(0, 1fr)' : 'auto minmax(0, 1fr)'))
    .join(' ');

  return (
    <div
      className={classes.root}
      style={{ gridTemplateColumns: columns }}
      aria-label="Environment pipeline"
      role="group"
    >
      {environments.map((environment, index) => {
        const previous = environments[index - 1];
        const key = environment.name ?? '(unassigned)';
        return (
          <Fragment key={key}>
            {index > 0 &&
              (promotable(previous, environment) ? (
                <PromoteButton
                  entityRef={entityRef}
                  from={previous.name!}
                  to={environment.name!}
                  refreshKey={`${changeCount}|${environmentSignature(
                    previous,
                  )}>${environmentSignature(environment)}`}
                  onPromoted={onChanged}
                />
              ) : (
                <div className={classes.spacer} />
              ))}
            <EnvironmentColumn
              entityRef={entityRef}
              environment={environment}
              pending={pending.filter(r => r.to === environment.name)}
              approvals={
                environment.name ? approvals.get(environment.name) : undefined
              }
              onOpenDrift={onOpenDrift}
              onChanged={onChanged}
            />
          </Fragment>
        );
      })}
    </div>
  );
}
