import {
  type ChangeRecord,
  gitopsRollbackCreatePermission,
} from '@gitops-portal/plugin-gitops-common';
import HistoryIcon from '@material-ui/icons/History';
import { useState } from 'react';
import { useGitOpsPermission } from '../../hooks';
import { GuardedButton } from '../GuardedButton';
import { RollbackDialog } from './RollbackDialog';

/**
 * Props of {@link RollbackButton}.
 *
 * @public
 */
export interface RollbackButtonProps {
  entityRef: string;
  environment: string;
  currentDigest: string | null;
  onRolledBack?(record: ChangeRecord): void;
}

/**
 * Opens the {@link RollbackDialog} of one environment; disabled without
 * `gitops.rollback.create` or without a pin.
 *
 * @public
 */
export function RollbackButton(props: RollbackButtonProps) {
  const { entityRef, environment, currentDigest, onRolledBack } = props;
  const [open, setOpen] = useState(false);
  const permission = useGitOpsPermission(
    gitopsRollbackCreatePermission,
    entityRef,
    environment,
  );
  let reason: string | undefined;
  if (permission.allowed === false) {
    reason = `You may not roll back ${environment} (permission ${gitopsRollbackCreatePermission.name}).`;
  } else if (!currentDigest) {
    reason = `${environment} has no pinned digest.`;
  }
  return (
    <>
      <GuardedButton
        size="small"
        startIcon={<HistoryIcon />}
        blockedReason={reason}
        hint={`Roll ${environment} back to an earlier pin`}
        onClick={() => setOpen(true)}
        aria-label={`Roll back ${environment}`}
      >
        Roll back
      </GuardedButton>
      <RollbackDialog
        open={open}
        onClose={() => setOpen(false)}
        entityRef={entityRef}
        environment={environment}
        currentDigest={currentDigest}
        onRolledBack={onRolledBack}
      />
    </>
  );
}
