import { CopyTextButton } from '@backstage/core-components';
import { shortDigest } from '@gitops-portal/plugin-gitops-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    minHeight: 32,
    gap: theme.spacing(0.5),
    maxWidth: '100%',
  },
  digest: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
  },
  copy: {
    display: 'inline-flex',
  },
}));

/**
 * An image digest shown short (12 hex characters), full on hover, with a copy button.
 *
 * @public
 */
export function DigestLabel(props: {
  digest: string | null;
  /** Names the digest for screen readers ("Pinned", "Live"). */
  label?: string;
  /** Shows the label before the digest too. */
  showLabel?: boolean;
}) {
  const classes = useStyles();
  const { digest, label, showLabel } = props;
  if (!digest) {
    return (
      <span className={classes.root}>
        <Typography variant="body2" color="textSecondary" component="span">
          {label ? `${label}: ` : ''}none
        </Typography>
      </span>
    );
  }
  return (
    <span className={classes.root}>
      {showLabel && label && (
        <Typography variant="body2" color="textSecondary" component="span">
          {label}
        </Typography>
      )}
      <Tooltip title={digest}>
        <Typography
          component="code"
          className={classes.digest}
          aria-label={`${label ?? 'Digest'} ${digest}`}
        >
          {shortDigest(digest)}
        </Typography>
      </Tooltip>
      <span className={classes.copy}>
        <CopyTextButton
          text={digest}
          tooltipText="Digest copied"
          variant="tertiary"
          aria-label={`Copy ${label ?? 'digest'}`}
        />
      </span>
    </span>
  );
}
