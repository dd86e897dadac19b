import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type {
  DriftedResourceDiff,
  TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useMemo, useState } from 'react';
import { useDrift } from '../../hooks';
import { HealthStatusChip, SyncStatusChip } from '../StatusChips';
import { DiffView, type DiffLayout } from './DiffView';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 'min(1100px, 92vw)',
    padding: theme.spacing(2, 3),
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  wave: {
    margin: theme.spacing(2, 0, 1),
  },
  summary: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  details: {
    display: 'block',
    overflowX: 'auto',
  },
}));

/**
 * The application whose drift the drawer shows.
 *
 * @public
 */
export interface DriftTarget {
  environment: string | null;
  target: TargetStatus;
}

/** Drifted resources grouped by sync wave, waves in the order Argo CD applies them. */
export function groupBySyncWave(
  resources: DriftedResourceDiff[],
): Array<[number, DriftedResourceDiff[]]> {
  const waves = new Map<number, DriftedResourceDiff[]>();
  for (const resource of resources) {
    const wave = waves.get(resource.syncWave) ?? [];
    wave.push(resource);
    waves.set(resource.syncWave, wave);
  }
  return [...waves.entries()].sort(([a], [b]) => a - b);
}

/**
 * A drawer with the out-of-sync resources of one application, grouped by sync wave, each
 * with its diff desired (git) against live (cluster), unified or side by side.
 *
 * @public
 */
export function DriftDrawer(props: {
  entityRef: string;
  /** The application to show; the drawer is closed without one. */
  drift?: DriftTarget;
  /** Reloads the diff when it changes (e.g. the drift count moved). */
  refreshKey?: string;
  onClose(): void;
}) {
  const classes = useStyles();
  const { entityRef, drift, refreshKey, onClose } = props;
  const [layout, setLayout] = useState<DiffLayout>('split');
  const query = drift && {
    environment: drift.environment,
    instance: drift.target.instance,
    application: drift.target.application.name,
    namespace: drift.target.application.namespace,
  };
  const result = useDrift(entityRef, query, refreshKey);
  // A response for another application (still loading the new one) is not shown.
  const response =
    result.drift &&
    query &&
    result.drift.application === query.application &&
    result.drift.instance === query.instance
      ? result.drift
      : undefined;
  const waves = useMemo(
    () => (response ? groupBySyncWave(response.resources) : []),
    [response],
  );

  let body;
  if (result.error && !response) {
    body = <ResponseErrorPanel error={result.error} />;
  } else if (!response) {
    body = <Progress />;
  } else if (response.resources.length === 0) {
    body = (
      <Typography color="textSecondary">
        Every resource matches git: no drift.
      </Typography>
    );
  } else {
    body = waves.map(([wave, resources]) => (
      <section key={wave} aria-label={`Sync wave ${wave}`}>
        <Typography variant="subtitle1" component="h3" className={classes.wave}>
          Sync wave {wave}
        </Typography>
        {resources.map(resource => (
          <Accordion
            key={`${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`}
            defaultExpanded={response.resources.length <= 5}
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <div className={classes.summary}>
                <Typography variant="body1">
                  <strong>{resource.kind}</strong> {resource.namespace}/
                  {resource.name}
                </Typography>
                <SyncStatusChip status={resource.status} />
                {resource.health && (
                  <HealthStatusChip status={resource.health} />
                )}
              </div>
            </AccordionSummary>
            <AccordionDetails className={classes.details}>
              <DiffView resource={resource} layout={layout} />
            </AccordionDetails>
          </Accordion>
        ))}
      </section>
    ));
  }

  return (
    <Drawer
      anchor="right"
      open={!!drift}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      {drift && (
        <div role="region" aria-label="Drift">
          <div className={classes.header}>
            <div>
              <Typography variant="h5" component="h2">
                Drift of {drift.target.application.name}
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {drift.environment ?? 'unassigned'} · {drift.target.cluster} on{' '}
                {drift.target.instance} ·{' '}
                {response
                  ? `${response.resources.length} out-of-sync resource${
                      response.resources.length === 1 ? '' : 's'
                    }`
                  : 'loading'}
              </Typography>
            </div>
            <div className={classes.summary}>
              <ToggleButtonGroup
                size="small"
                exclusive
                value={layout}
                onChange={(_, value) => value && setLayout(value)}
                aria-label="Diff layout"
              >
                <ToggleButton value="split" aria-label="Side by side">
                  Side by side
                </ToggleButton>
                <ToggleButton value="unified" aria-label="Unified">
                  Unified
                </ToggleButton>
              </ToggleButtonGroup>
              <IconButton onClick={onClose} aria-label="Close drift">
                <CloseIcon />
              </IconButton>
            </div>
          </div>
          {body}
        </div>
      )}
    </Drawer>
  );
}
