import { InfoCard, Link } from '@backstage/core-components';
import {
  shortDigest,
  type TargetStatus,
} from '@gitops-portal/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { targetKey } from '../../utils/environments';
import { formatRelativeTime, formatTimestamp } from '../../utils/time';
import { HealthStatusChip, SyncStatusChip } from '../StatusChips';

/** The pull request number of a preview application (`<service>-preview-pr-<N>`). */
export function previewPullRequest(applicationName: string): number | null {
  const match = /(?:^|-)pr-(\d+)$/.exec(applicationName);
  return match ? Number(match[1]) : null;
}

/**
 * Preview environments: the applications generated per pull request.
 *
 * @public
 */
export function PreviewEnvironments(props: { previews: TargetStatus[] }) {
  const previews = [...props.previews].sort(
    (a, b) =>
      (previewPullRequest(b.application.name) ?? 0) -
      (previewPullRequest(a.application.name) ?? 0),
  );
  return (
    <InfoCard title="Preview environments" noPadding>
      {previews.length === 0 ? (
        <Typography color="textSecondary" style={{ padding: 16 }}>
          No preview environments: one appears for each open pull request that
          asks for one.
        </Typography>
      ) : (
        <Table size="small" aria-label="Preview environments">
          <TableHead>
            <TableRow>
              <TableCell>Pull request</TableCell>
              <TableCell>Application</TableCell>
              <TableCell>Cluster</TableCell>
              <TableCell>Sync</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Digest</TableCell>
              <TableCell>Last sync</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {previews.map(preview => {
              const pr = previewPullRequest(preview.application.name);
              const lastSync =
                preview.operation?.finishedAt ?? preview.reconciledAt;
              return (
                <TableRow key={targetKey(preview)}>
                  <TableCell>{pr !== null ? `#${pr}` : '—'}</TableCell>
                  <TableCell>
                    <Link to={preview.application.url}>
                      {preview.application.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {preview.cluster} ({preview.instance})
                  </TableCell>
                  {preview.error ? (
                    <TableCell colSpan={4}>
                      <Typography variant="body2" color="error">
                        {preview.error.message}
                      </Typography>
                    </TableCell>
                  ) : (
                    <>
                      <TableCell>
                        <SyncStatusChip status={preview.sync.status} />
                      </TableCell>
                      <TableCell>
                        <HealthStatusChip
                          status={preview.health.status}
                          message={preview.health.message}
                        />
                      </TableCell>
                      <TableCell
                        style={{ fontFamily: 'monospace' }}
                        title={preview.digest ?? ''}
                      >
                        {preview.digest ? shortDigest(preview.digest) : '—'}
                      </TableCell>
                      <TableCell title={formatTimestamp(lastSync)}>
                        {formatRelativeTime(lastSync) || '—'}
                      </TableCell>
                    </>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
