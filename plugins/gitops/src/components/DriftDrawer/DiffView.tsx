import type { DriftedResourceDiff } from '@gitops-portal/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { fade, makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import {
  parseUnifiedDiff,
  toSideBySide,
  type DiffLine,
} from '../../utils/unifiedDiff';

/**
 * How a diff is laid out.
 *
 * @public
 */
export type DiffLayout = 'unified' | 'split';

const useStyles = makeStyles(theme => ({
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontFamily: 'monospace',
    fontSize: 12,
    lineHeight: '18px',
    tableLayout: 'fixed',
  },
  number: {
    width: 40,
    textAlign: 'right',
    paddingRight: theme.spacing(1),
    color: theme.palette.text.secondary,
    userSelect: 'none',
    verticalAlign: 'top',
  },
  code: {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    paddingLeft: theme.spacing(1),
    verticalAlign: 'top',
  },
  removed: {
    backgroundColor: fade(theme.palette.error.main, 0.15),
  },
  added: {
    backgroundColor: fade(theme.palette.success.main, 0.15),
  },
  hunk: {
    color: theme.palette.text.secondary,
    backgroundColor: fade(theme.palette.info.main, 0.1),
  },
  header: {
    fontFamily: theme.typography.fontFamily,
    fontWeight: theme.typography.fontWeightBold as number,
    textAlign: 'left',
    padding: theme.spacing(0.5, 1),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  whole: {
    fontFamily: 'monospace',
    fontSize: 12,
    whiteSpace: 'pre-wrap',
    margin: 0,
  },
}));

function UnifiedRows(props: { lines: DiffLine[] }) {
  const classes = useStyles();
  const LINE_STYLE = {
    remove: { className: classes.removed, sign: '-' },
    add: { className: classes.added, sign: '+' },
    context: { className: undefined, sign: ' ' },
  };
  return (
    <>
      {props.lines.map((line, i) => {
        if (line.type === 'hunk') {
          return (
            <tr key={i} className={classes.hunk}>
              <td className={classes.number} />
              <td className={classes.number} />
              <td className={classes.code}>{line.text}</td>
            </tr>
          );
        }
        const { className, sign } = LINE_STYLE[line.type];
        return (
          <tr key={i} className={className}>
            <td className={classes.number}>
              {line.type !== 'add' ? line.oldNumber : ''}
            </td>
            <td className={classes.number}>
              {line.type !== 'remove' ? line.newNumber : ''}
            </td>
            <td className={classes.code}>
              {sign} {line.text}
            </td>
          </tr>
        );
      })}
    </>
  );
}

function SplitRows(props: { lines: DiffLine[] }) {
  const classes = useStyles();
  const rows = useMemo(() => toSideBySide(props.lines), [props.lines]);
  return (
    <>
      {rows.map((row, i) => {
        if (row.type === 'hunk') {
          return (
            <tr key={i} className={classes.hunk}>
              <td className={classes.number} />
              <td className={classes.code} colSpan={3}>
                {row.text}
              </td>
            </tr>
          );
        }
        const { left, right } = row;
        return (
          <tr key={i}>
            <td className={classes.number}>{left?.number ?? ''}</td>
            <td
              className={`${classes.code} ${
                left?.changed ? classes.removed : ''
              }`}
            >
              {left?.text ?? ''}
            </td>
            <td className={classes.number}>{right?.number ?? ''}</td>
            <td
              className={`${classes.code} ${
                right?.changed ? classes.added : ''
              }`}
            >
              {right?.text ?? ''}
            </td>
          </tr>
        );
      })}
    </>
  );
}

/**
 * The diff of one drifted resource, desired (git) against live (cluster), unified or side by
 * side. A resource missing on one side shows the other in full.
 *
 * @public
 */
export function DiffView(props: {
  resource: DriftedResourceDiff;
  layout: DiffLayout;
}) {
  const classes = useStyles();
  const { resource, layout } = props;
  const lines = useMemo(() => parseUnifiedDiff(resource.diff), [resource.diff]);

  if (resource.desired === null || resource.live === null) {
    const missingLive = resource.live === null;
    return (
      <div>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {missingLive
            ? 'Missing from the cluster. Desired manifest:'
            : 'Not in git: Argo CD would prune it. Live manifest:'}
        </Typography>
        <pre
          className={`${classes.whole} ${
            missingLive ? classes.removed : classes.added
          }`}
        >
          {missingLive ? resource.desired : resource.live}
        </pre>
      </div>
    );
  }
  if (lines.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No textual difference (the resource differs in fields Argo CD
        normalises).
      </Typography>
    );
  }
  return (
    <table
      className={classes.table}
      aria-label={`Diff of ${resource.kind} ${resource.name}, desired against live`}
    >
      {layout === 'split' ? (
        <>
          <colgroup>
            <col style={{ width: 40 }} />
            <col />
            <col style={{ width: 40 }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th className={classes.header} colSpan={2}>
                Desired (git)
              </th>
              <th className={classes.header} colSpan={2}>
                Live (cluster)
              </th>
            </tr>
          </thead>
          <tbody>
            <SplitRows lines={lines} />
          </tbody>
        </>
      ) : (
        <>
          <colgroup>
            <col style={{ width: 40 }} />
            <col style={{ width: 40 }} />
            <col />
          </colgroup>
          <tbody>
            <UnifiedRows lines={lines} />
          </tbody>
        </>
      )}
    </table>
  );
}
