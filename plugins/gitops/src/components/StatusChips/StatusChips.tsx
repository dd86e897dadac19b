import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type {
  AnalysisPhase,
  HealthStatusCode,
  SyncStatusCode,
} from '@gitops-portal/plugin-gitops-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { ComponentType, PropsWithChildren, ReactNode } from 'react';

type StatusIcon = ComponentType<PropsWithChildren<{}>>;

const SYNC_ICONS: Record<SyncStatusCode, StatusIcon> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
  Unknown: StatusAborted,
};

const HEALTH_ICONS: Record<HealthStatusCode, StatusIcon> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Suspended: StatusPending,
  Degraded: StatusError,
  Missing: StatusWarning,
  Unknown: StatusAborted,
};

const ANALYSIS_ICONS: Record<AnalysisPhase, StatusIcon> = {
  Pending: StatusPending,
  Running: StatusRunning,
  Successful: StatusOK,
  Failed: StatusError,
  Error: StatusError,
  Inconclusive: StatusWarning,
};

const useStyles = makeStyles(theme => ({
  chip: {
    // Fixed height: a status change never moves what is below it.
    height: 24,
    maxWidth: '100%',
    backgroundColor: theme.palette.background.paper,
  },
  label: {
    display: 'inline-flex',
    alignItems: 'center',
    whiteSpace: 'nowrap',
  },
}));

function StatusChip(props: {
  icon: StatusIcon;
  label: string;
  title?: ReactNode;
  prefix: string;
}) {
  const classes = useStyles();
  const { icon: Icon, label, title, prefix } = props;
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      className={classes.chip}
      aria-label={`${prefix}: ${label}`}
      label={
        <span className={classes.label}>
          <Icon>{label}</Icon>
        </span>
      }
    />
  );
  return title ? <Tooltip title={title}>{chip}</Tooltip> : chip;
}

/**
 * Argo CD's sync status as a chip.
 *
 * @public
 */
export function SyncStatusChip(props: {
  status: SyncStatusCode;
  revision?: string | null;
}) {
  const icon = SYNC_ICONS[props.status] ?? StatusAborted;
  return (
    <StatusChip
      icon={icon}
      prefix="Sync"
      label={props.status}
      title={props.revision ? `Revision ${props.revision}` : undefined}
    />
  );
}

/**
 * Argo CD's health status as a chip, with the health message on hover.
 *
 * @public
 */
export function HealthStatusChip(props: {
  status: HealthStatusCode;
  message?: string | null;
}) {
  const icon = HEALTH_ICONS[props.status] ?? StatusAborted;
  return (
    <StatusChip
      icon={icon}
      prefix="Health"
      label={props.status}
      title={props.message ?? undefined}
    />
  );
}

/**
 * The icon of an analysis run's phase, with its label.
 *
 * @public
 */
export function AnalysisStatus(props: { phase: AnalysisPhase }) {
  const Icon = ANALYSIS_ICONS[props.phase] ?? StatusAborted;
  return <Icon>{props.phase}</Icon>;
}

/**
 * The status icon of a health code, for compact views (the overview card).
 *
 * @public
 */
export function HealthStatusIcon(props: {
  status: HealthStatusCode;
  children?: ReactNode;
}) {
  const Icon = HEALTH_ICONS[props.status] ?? StatusAborted;
  return <Icon>{props.children}</Icon>;
}

/**
 * The status icon of a sync code, for compact views (the overview card).
 *
 * @public
 */
export function SyncStatusIcon(props: {
  status: SyncStatusCode;
  children?: ReactNode;
}) {
  const Icon = SYNC_ICONS[props.status] ?? StatusAborted;
  return <Icon>{props.children}</Icon>;
}
