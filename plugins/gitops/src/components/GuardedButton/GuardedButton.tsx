import Button, { type ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { useId, type ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  blocked: {
    color: theme.palette.action.disabled,
    borderColor: theme.palette.action.disabledBackground,
    boxShadow: 'none',
    cursor: 'not-allowed',
    '&:hover': {
      backgroundColor: 'transparent',
      boxShadow: 'none',
    },
  },
  reason: {
    whiteSpace: 'pre-line',
  },
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/**
 * Props of {@link GuardedButton}.
 *
 * @public
 */
export type GuardedButtonProps = ButtonProps & {
  /** Why the action is not possible; the button is then inert but still focusable. */
  blockedReason?: string;
  /** Tooltip while the action is possible. */
  hint?: ReactNode;
};

/**
 * A button that, when its action is blocked, stays focusable and hoverable (unlike a
 * `disabled` button) so that keyboard and mouse users can read why, from the tooltip and
 * from `aria-describedby`. It reports itself as `aria-disabled`.
 *
 * @public
 */
export function GuardedButton(props: GuardedButtonProps) {
  const classes = useStyles();
  const { blockedReason, hint, onClick, className, ...rest } = props;
  const reasonId = useId();
  const blocked = Boolean(blockedReason);
  const title = blockedReason ?? hint ?? '';
  return (
    <>
      <Tooltip title={<span className={classes.reason}>{title}</span>}>
        <Button
          {...rest}
          className={[className, blocked ? classes.blocked : undefined]
            .filter(Boolean)
            .join(' ')}
          aria-disabled={blocked || undefined}
          aria-describedby={blocked ? reasonId : undefined}
          disableRipple={blocked}
          onClick={blocked ? undefined : onClick}
        />
      </Tooltip>
      {blocked && (
        <span id={reasonId} className={classes.hidden}>
          {blockedReason}
        </span>
      )}
    </>
  );
}
