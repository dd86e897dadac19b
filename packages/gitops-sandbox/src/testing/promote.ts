import { Sandbox } from '../startSandbox';
import { http } from './helpers';

/**
 * Does what the portal's GitHub provider does for a promotion: read files on `main`, commit
 * the changed files on a new branch through blobs, trees and commits, open a pull request and
 * merge it. Returns the pull request number and the merge commit.
 */
export async function changeByPullRequest(
  sandbox: Sandbox,
  branch: string,
  title: string,
  edits: Record<string, (current: string | null) => string>,
  options: { merge?: boolean } = {},
): Promise<{ number: number; mergeSha?: string; headSha: string }> {
  const api = `${sandbox.githubApiUrl}/repos/acme/gitops`;
  const headers = { Authorization: `token ${sandbox.githubToken}` };
  const call = async (path: string, method = 'GET', body?: unknown) => {
    const res = await http(`${api}${path}`, { method, headers, body });
    if (res.status >= 300) {
      throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    }
    return res.body;
  };
  const main = (await call('/git/ref/heads/main')).object.sha as string;
  const base = await call(`/git/commits/${main}`);
  const tree: Array<{ path: string; mode: string; type: string; sha: string }> =
    [];
  for (const [path, edit] of Object.entries(edits)) {
    const current = await http(`${api}/contents/${path}?ref=${main}`, {
      headers,
    });
    const text =
      current.status === 200
        ? Buffer.from(current.body.content, 'base64').toString('utf8')
        : null;
    const blob = await call('/git/blobs', 'POST', {
      content: edit(text),
      encoding: 'utf-8',
    });
    tree.push({ path, mode: '100644', type: 'blob', sha: blob.sha });
  }
  const newTree = await call('/git/trees', 'POST', {
    base_tree: base.tree.sha,
    tree,
  });
  const commit = await call('/git/commits', 'POST', {
    message: title,
    tree: newTree.sha,
    parents: [main],
  });
  await call('/git/refs', 'POST', {
    ref: `refs/heads/${branch}`,
    sha: commit.sha,
  });
  const pull = await call('/pulls', 'POST', {
    title,
    head: `acme:${branch}`,
    base: 'main',
    body: title,
  });
  if (options.merge === false) {
    return { number: pull.number, headSha: commit.sha };
  }
  const merged = await call(`/pulls/${pull.number}/merge`, 'PUT', {
    sha: commit.sha,
  });
  return { number: pull.number, mergeSha: merged.sha, headSha: commit.sha };
}

/** Replaces the pinned digest in a values.yaml or kustomization.yaml. */
export function pinDigest(digest: string) {
  return (current: string | null) =>
    (current ?? '').replace(/digest: sha256:[0-9a-f]{64}/, `digest: ${digest}`);
}
