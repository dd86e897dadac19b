import {
  type ChangeRecord,
  gitopsPromotionCreatePermission,
} from '@gitops-portal/plugin-gitops-common';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { useState } from 'react';
import { useGitOpsPermission, usePromotionCheck } from '../../hooks';
import { GuardedButton } from '../GuardedButton';
import { PromoteDialog } from '../PromoteDialog';

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'flex-start',
    paddingTop: theme.spacing(6),
    gap: theme.spacing(1),
    [theme.breakpoints.down('sm')]: {
      paddingTop: 0,
      flexDirection: 'row',
      justifyContent: 'center',
    },
  },
  arrow: {
    color: theme.palette.text.secondary,
    [theme.breakpoints.down('sm')]: {
      transform: 'rotate(90deg)',
    },
  },
}));

/**
 * Props of {@link PromoteButton}.
 *
 * @public
 */
export interface PromoteButtonProps {
  entityRef: string;
  from: string;
  to: string;
  /** Changes whenever the gates may have changed (pins, health); re-runs the dry run. */
  refreshKey: string;
  onPromoted?(record: ChangeRecord): void;
}

/**
 * The promote button between two adjacent environments. Usable only when the user may
 * promote (`gitops.promotion.create`) and the backend's dry run passes every gate; otherwise
 * it says why on hover and focus.
 *
 * @public
 */
export function PromoteButton(props: PromoteButtonProps) {
  const classes = useStyles();
  const { entityRef, from, to, refreshKey, onPromoted } = props;
  const [open, setOpen] = useState(false);
  const permission = useGitOpsPermission(
    gitopsPromotionCreatePermission,
    entityRef,
    to,
  );
  const check = usePromotionCheck({ entityRef, from, to, refreshKey });

  let reason: string | undefined;
  if (permission.allowed === false) {
    reason = `You may not promote to ${to} (permission ${gitopsPromotionCreatePermission.name}).`;
  } else if (!check.plan && check.loading) {
    reason = 'Checking the gates…';
  } else if (!check.ready) {
    reason = check.reason ?? 'The promotion is not possible right now.';
  }

  return (
    <div className={classes.root}>
      <ArrowForwardIcon className={classes.arrow} aria-hidden />
      <GuardedButton
        variant={reason ? 'outlined' : 'contained'}
        color="primary"
        size="small"
        blockedReason={reason}
        hint={`Open a pull request that pins ${to} to the digest of ${from}`}
        onClick={() => setOpen(true)}
        aria-label={`Promote ${from} to ${to}`}
      >
        Promote
      </GuardedButton>
      <PromoteDialog
        open={open}
        onClose={() => setOpen(false)}
        entityRef={entityRef}
        from={from}
        to={to}
        check={check}
        onPromoted={onPromoted}
      />
    </div>
  );
}
