import { Link } from '@backstage/core-components';

/**
 * A table cell's pull request: `#number` linking to it, or a dash when none was opened.
 *
 * @public
 */
export function PullRequestLink(props: {
  pullRequest: { number: number; url: string } | null;
}) {
  const { pullRequest } = props;
  return pullRequest ? (
    <Link to={pullRequest.url}>#{pullRequest.number}</Link>
  ) : (
    <>—</>
  );
}
