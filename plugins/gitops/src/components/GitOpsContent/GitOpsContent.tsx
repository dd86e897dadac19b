import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  GITOPS_SERVICE_ANNOTATION,
  isGitOpsAnnotated,
  type TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useMemo, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { useEntityGitOpsStatus, useGitOpsConfig } from '../../hooks';
import { orderEnvironments } from '../../utils/environments';
import { DeploymentTimeline } from '../DeploymentTimeline';
import { DriftDrawer, type DriftTarget } from '../DriftDrawer';
import { EnvironmentPipeline } from '../EnvironmentPipeline';
import { LiveIndicator } from '../LiveIndicator';
import { PendingChanges, isPendingChange } from '../PendingChanges';
import { PreviewEnvironments } from '../PreviewEnvironments';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    justifyContent: 'flex-end',
    minHeight: 32,
  },
  errors: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
}));

const INCLUDE_CHANGES = { includeChanges: true };

/** Re-renders every `ms` so that relative times ("3 minutes ago") stay true. */
function useTick(ms: number) {
  const [, setTick] = useState(0);
  useInterval(() => setTick(t => t + 1), ms);
}

/**
 * The GitOps page of one entity, by reference: environment pipeline, pending changes,
 * previews and deployment timeline, following the backend's live updates.
 *
 * @public
 */
export function GitOpsEntityView(props: { entityRef: string }) {
  const classes = useStyles();
  const { entityRef } = props;
  // One request per view: the change records come with the status, and with its events.
  const { status, error, loading, mode, updatedAt } = useEntityGitOpsStatus(
    entityRef,
    INCLUDE_CHANGES,
  );
  const { config } = useGitOpsConfig();
  const [changeCount, setChangeCount] = useState(0);
  const [drift, setDrift] = useState<DriftTarget>();
  const records = status?.changes;
  useTick(15_000);

  const environments = useMemo(
    () => (status ? orderEnvironments(status.environments, config) : []),
    [status, config],
  );
  const pending = useMemo(
    () => (records ?? []).filter(isPendingChange),
    [records],
  );
  const onChanged = useCallback(() => setChangeCount(c => c + 1), []);
  const onOpenDrift = useCallback(
    (target: TargetStatus, environment: string | null) =>
      setDrift({ target, environment }),
    [],
  );

  // Keep the drawer's target current, so its drift count follows live updates.
  const driftTarget = drift && findTarget(environments, drift);

  if (!status) {
    if (loading) return <Progress />;
    if (error) return <ResponseErrorPanel error={error} />;
    return <Progress />;
  }

  const hasTargets =
    environments.some(e => e.targets.length > 0) || status.previews.length > 0;

  return (
    <Grid container spacing={3} direction="column">
      <Grid item className={classes.toolbar}>
        <LiveIndicator mode={mode} error={error} updatedAt={updatedAt} />
      </Grid>
      {status.errors.length > 0 && (
        <Grid item className={classes.errors}>
          {status.errors.map(e =>
            e.code === 'PENDING' ? (
              <Alert key={e.instance} severity="info">
                Argo CD instance {e.instance} is still sending its first list of
                applications: its targets appear below as soon as it lands.
              </Alert>
            ) : (
              <Alert key={e.instance} severity="warning">
                Argo CD instance {e.instance} could not be read ({e.code}):{' '}
                {e.message}. Its targets are missing below.
              </Alert>
            ),
          )}
        </Grid>
      )}
      {!hasTargets ? (
        <Grid item>
          <EmptyState
            missing="data"
            title="No Argo CD application deploys this entity"
            description={`No application on any Argo CD instance matches ${
              status.service
                ? `the service folder "${status.service}"`
                : 'the entity’s annotations'
            }. Onboard the service in the GitOps repository, or check the annotations.`}
          />
        </Grid>
      ) : (
        <>
          <Grid item>
            <EnvironmentPipeline
              entityRef={entityRef}
              environments={environments}
              config={config}
              pending={pending}
              changeCount={changeCount}
              onOpenDrift={onOpenDrift}
              onChanged={onChanged}
            />
          </Grid>
          <Grid item>
            <PendingChanges records={records} />
          </Grid>
          <Grid item>
            <PreviewEnvironments previews={status.previews} />
          </Grid>
          <Grid item>
            <DeploymentTimeline
              entityRef={entityRef}
              environments={environments}
              records={records}
            />
          </Grid>
        </>
      )}
      <DriftDrawer
        entityRef={entityRef}
        drift={driftTarget}
        refreshKey={
          driftTarget ? String(driftTarget.target.drift.outOfSync) : ''
        }
        onClose={() => setDrift(undefined)}
      />
    </Grid>
  );
}

function findTarget(
  environments: ReturnType<typeof orderEnvironments>,
  drift: DriftTarget,
): DriftTarget {
  const env = environments.find(e => e.name === drift.environment);
  const target = env?.targets.find(
    t =>
      t.instance === drift.target.instance &&
      t.application.name === drift.target.application.name,
  );
  return target ? { environment: drift.environment, target } : drift;
}

/**
 * The entity content "GitOps": what runs where, health, drift, rollouts, promotion and
 * rollback for the current catalog entity.
 *
 * @public
 */
export function GitOpsContent() {
  const { entity } = useEntity();
  if (!isGitOpsAnnotated(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={GITOPS_SERVICE_ANNOTATION} />
    );
  }
  return <GitOpsEntityView entityRef={stringifyEntityRef(entity)} />;
}
