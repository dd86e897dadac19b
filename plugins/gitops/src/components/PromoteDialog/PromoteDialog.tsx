import { useApi } from '@backstage/core-plugin-api';
import type { ChangeRecord } from '@gitops-portal/plugin-gitops-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { GateFailedError, gitOpsApiRef } from '../../api';
import { type ChangeCheck, errorMessage } from '../../hooks';
import { ChangeDialogActions } from '../ChangeDialogActions';
import { ChangeResult } from '../ChangeResult';
import { DigestLabel } from '../DigestLabel';
import { GateList } from '../GateList';

/**
 * Props of {@link PromoteDialog}.
 *
 * @public
 */
export interface PromoteDialogProps {
  open: boolean;
  onClose(): void;
  entityRef: string;
  from: string;
  to: string;
  /** The dry run's result: digest and gates. */
  check: ChangeCheck;
  /** Called with the record once the pull request is opened. */
  onPromoted?(record: ChangeRecord): void;
}

/**
 * Confirms a promotion: from → to, the digest, each gate's result; then opens the pull
 * request and shows its link and state.
 *
 * @public
 */
export function PromoteDialog(props: PromoteDialogProps) {
  const { open, onClose, entityRef, from, to, check, onPromoted } = props;
  const api = useApi(gitOpsApiRef);
  const [submitting, setSubmitting] = useState(false);
  const [record, setRecord] = useState<ChangeRecord>();
  const [error, setError] = useState<Error>();

  const gates = error instanceof GateFailedError ? error.gates : check.gates;

  const close = () => {
    onClose();
    // Reset once the closing transition no longer shows the content.
    setTimeout(() => {
      setRecord(undefined);
      setError(undefined);
    }, 300);
  };

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await api.promote({ entityRef, from, to });
      setRecord(result);
      onPromoted?.(result);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  const titleId = `gitops-promote-${from}-${to}-title`;
  return (
    <Dialog
      open={open}
      onClose={close}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Promote {from} → {to}
      </DialogTitle>
      <DialogContent dividers>
        {record ? (
          <ChangeResult record={record} />
        ) : (
          <>
            <Typography variant="body2" gutterBottom>
              Opens a pull request on the GitOps repository that pins {to} to
              the digest {from} runs.
            </Typography>
            <div>
              <DigestLabel
                digest={check.plan?.digest ?? null}
                label="Digest"
                showLabel
              />
            </div>
            {check.plan?.previousDigest && (
              <div>
                <DigestLabel
                  digest={check.plan.previousDigest}
                  label={`Replaces in ${to}`}
                  showLabel
                />
              </div>
            )}
            <Typography variant="subtitle2" style={{ marginTop: 8 }}>
              Gates
            </Typography>
            <GateList gates={gates} />
            {error && (
              <Alert severity="error" role="alert">
                {errorMessage(error)}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <ChangeDialogActions
        done={!!record}
        onClose={close}
        onConfirm={confirm}
        submitting={submitting}
        confirmDisabled={!check.ready}
        confirmLabel={`Promote to ${to}`}
      />
    </Dialog>
  );
}
