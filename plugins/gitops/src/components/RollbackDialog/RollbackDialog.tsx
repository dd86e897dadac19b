import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  type ChangeRecord,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Radio from '@material-ui/core/Radio';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { GateFailedError, gitOpsApiRef } from '../../api';
import { errorMessage, usePinHistory, useRollbackCheck } from '../../hooks';
import { formatRelativeTime, formatTimestamp } from '../../utils/time';
import { ChangeDialogActions } from '../ChangeDialogActions';
import { ChangeResult } from '../ChangeResult';
import { GateList } from '../GateList';
import { PullRequestLink } from '../PullRequestLink';

const useStyles = makeStyles(theme => ({
  table: {
    marginBottom: theme.spacing(2),
  },
  row: {
    cursor: 'pointer',
  },
  mono: {
    fontFamily: 'monospace',
  },
  gates: {
    minHeight: 120,
  },
}));

/**
 * Props of {@link RollbackDialog}.
 *
 * @public
 */
export interface RollbackDialogProps {
  open: boolean;
  onClose(): void;
  entityRef: string;
  environment: string;
  /** The environment's current pin; the previous good digest is preselected. */
  currentDigest: string | null;
  onRolledBack?(record: ChangeRecord): void;
}

/**
 * Rolls an environment back: the pin history (digest, commit, author, date, pull request)
 * with the previous digest preselected, the gates of the choice, confirmation, then the pull
 * request link.
 *
 * @public
 */
export function RollbackDialog(props: RollbackDialogProps) {
  const { open, onClose, entityRef, environment, currentDigest, onRolledBack } =
    props;
  const classes = useStyles();
  const api = useApi(gitOpsApiRef);
  const history = usePinHistory(entityRef, open ? environment : undefined);
  const [selected, setSelected] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [record, setRecord] = useState<ChangeRecord>();
  const [error, setError] = useState<Error>();
  const check = useRollbackCheck({
    entityRef,
    environment,
    digest: open ? selected : undefined,
  });

  // Preselect the newest pin that differs from the current one: the last known good.
  useEffect(() => {
    if (selected || !history.items) return;
    const previous = history.items.find(item => item.digest !== currentDigest);
    if (previous) setSelected(previous.digest);
  }, [history.items, currentDigest, selected]);

  const close = () => {
    onClose();
    setTimeout(() => {
      setRecord(undefined);
      setError(undefined);
      setSelected(undefined);
    }, 300);
  };

  const confirm = async () => {
    if (!selected) return;
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await api.rollback({
        entityRef,
        environment,
        digest: selected,
      });
      setRecord(result);
      onRolledBack?.(result);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  const gates = error instanceof GateFailedError ? error.gates : check.gates;
  const titleId = `gitops-rollback-${environment}-title`;

  let body;
  if (record) {
    body = <ChangeResult record={record} />;
  } else if (history.error && !history.items) {
    body = (
      <Alert severity="error">
        Could not load the pin history: {errorMessage(history.error)}
      </Alert>
    );
  } else if (!history.items) {
    body = <Progress />;
  } else if (history.items.length === 0) {
    body = (
      <Typography>{environment} has no pin history to roll back to.</Typography>
    );
  } else {
    body = (
      <>
        <Table size="small" className={classes.table} aria-label="Pin history">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Digest</TableCell>
              <TableCell>Commit</TableCell>
              <TableCell>Author</TableCell>
              <TableCell>Date</TableCell>
              <TableCell>Pull request</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.items.map(item => {
              const current = item.digest === currentDigest;
              return (
                <TableRow
                  key={item.commit}
                  hover
                  selected={item.digest === selected}
                  className={classes.row}
                  onClick={current ? undefined : () => setSelected(item.digest)}
                >
                  <TableCell padding="checkbox">
                    <Radio
                      checked={item.digest === selected}
                      disabled={current}
                      onChange={() => setSelected(item.digest)}
                      value={item.digest}
                      name={`rollback-${environment}`}
                      inputProps={{
                        'aria-label': `Roll back to ${shortDigest(
                          item.digest,
                        )} from ${formatTimestamp(item.committedAt)}`,
                      }}
                    />
                  </TableCell>
                  <TableCell className={classes.mono} title={item.digest}>
                    {shortDigest(item.digest)}
                    {current ? ' (current)' : ''}
                  </TableCell>
                  <TableCell className={classes.mono} title={item.message}>
                    {item.commit.slice(0, 7)}
                  </TableCell>
                  <TableCell>{item.author}</TableCell>
                  <TableCell title={formatTimestamp(item.committedAt)}>
                    {formatRelativeTime(item.committedAt)}
                  </TableCell>
                  <TableCell>
                    <PullRequestLink pullRequest={item.pullRequest} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {history.hasMore && (
          <Button size="small" onClick={history.loadMore}>
            Load older pins
          </Button>
        )}
        <div className={classes.gates}>
          <Typography variant="subtitle2">Gates</Typography>
          {selected && check.loading && !check.plan ? (
            <Progress />
          ) : (
            <GateList gates={gates} />
          )}
          {!check.loading && !check.ready && check.reason && !error && (
            <Alert severity="warning">{check.reason}</Alert>
          )}
          {error && (
            <Alert severity="error" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
        </div>
      </>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>Roll back {environment}</DialogTitle>
      <DialogContent dividers>{body}</DialogContent>
      <ChangeDialogActions
        done={!!record}
        onClose={close}
        onConfirm={confirm}
        submitting={submitting}
        confirmDisabled={!selected || !check.ready || check.loading}
        confirmLabel={
          selected ? `Roll back to ${shortDigest(selected)}` : 'Roll back'
        }
      />
    </Dialog>
  );
}
