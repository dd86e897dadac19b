import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import DialogActions from '@material-ui/core/DialogActions';
import type { ReactNode } from 'react';

/**
 * Props of {@link ChangeDialogActions}.
 *
 * @public
 */
export interface ChangeDialogActionsProps {
  /** The change was requested: only Close is left. */
  done: boolean;
  onClose(): void;
  onConfirm(): void;
  /** Whether the change is in flight: the confirm button spins and is disabled. */
  submitting: boolean;
  /** Disables the confirm button for a reason other than submitting. */
  confirmDisabled: boolean;
  confirmLabel: ReactNode;
}

/**
 * The buttons of a promote or roll back dialog: Cancel and the confirm button while the
 * change is being prepared, Close once it was requested.
 *
 * @public
 */
export function ChangeDialogActions(props: ChangeDialogActionsProps) {
  const {
    done,
    onClose,
    onConfirm,
    submitting,
    confirmDisabled,
    confirmLabel,
  } = props;
  return (
    <DialogActions>
      {done ? (
        <Button onClick={onClose} color="primary" variant="contained">
          Close
        </Button>
      ) : (
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            onClick={onConfirm}
            color="primary"
            variant="contained"
            disabled={confirmDisabled || submitting}
            startIcon={submitting ? <CircularProgress size={16} /> : undefined}
          >
            {confirmLabel}
          </Button>
        </>
      )}
    </DialogActions>
  );
}
