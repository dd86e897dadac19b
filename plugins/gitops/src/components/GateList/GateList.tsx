import { StatusError, StatusOK } from '@backstage/core-components';
import type { GateResult } from '@gitops-portal/plugin-gitops-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/**
 * Each gate of a promotion or rollback with its result and message.
 *
 * @public
 */
export function GateList(props: { gates: GateResult[] }) {
  if (props.gates.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No gates were evaluated.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Gates">
      {props.gates.map(gate => (
        <ListItem key={gate.name} disableGutters>
          <ListItemText
            primary={
              gate.passed ? (
                <StatusOK>{gate.name}: passed</StatusOK>
              ) : (
                <StatusError>{gate.name}: failed</StatusError>
              )
            }
            secondary={gate.message}
          />
        </ListItem>
      ))}
    </List>
  );
}
