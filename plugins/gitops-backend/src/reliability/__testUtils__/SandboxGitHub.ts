import type { Sandbox } from '@gitops-portal/gitops-sandbox';
import { bypass } from 'msw';

/** A pull request as the sandbox's GitHub API returns it (the fields the suite reads). */
export interface SandboxPull {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  head: { ref: string; sha: string };
  labels: Array<{ name: string }>;
}

/**
 * Reads and changes the sandbox's GitHub repository directly (around msw's fault handlers,
 * with the sandbox's own token): what is really on the Git host after a scenario.
 */
export class SandboxGitHub {
  constructor(private readonly sandbox: Sandbox) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: T }> {
    const res = await fetch(
      bypass(`${this.sandbox.githubApiUrl}/repos/acme/gitops${path}`, {
        method,
        headers: {
          authorization: `token ${this.sandbox.githubToken}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await res.text();
    return { status: res.status, data: (text ? JSON.parse(text) : null) as T };
  }

  /** Every pull request of a branch, open or not. */
  async pulls(branch: string): Promise<SandboxPull[]> {
    const { data } = await this.call<SandboxPull[]>(
      'GET',
      `/pulls?state=all&head=acme:${encodeURIComponent(branch)}&per_page=100`,
    );
    return data.filter(p => p.head.ref === branch);
  }

  async branchHead(branch: string): Promise<string | null> {
    const { status, data } = await this.call<{ object: { sha: string } }>(
      'GET',
      `/git/ref/heads/${branch}`,
    );
    return status === 200 ? data.object.sha : null;
  }

  async readFile(path: string, ref: string): Promise<string | null> {
    const { status, data } = await this.call<{ content: string }>(
      'GET',
      `/contents/${path}?ref=${encodeURIComponent(ref)}`,
    );
    return status === 200
      ? Buffer.from(data.content, 'base64').toString('utf8')
      : null;
  }

  /** First lines of the newest commits of a branch. */
  async commitMessages(ref: string): Promise<string[]> {
    const { data } = await this.call<Array<{ commit: { message: string } }>>(
      'GET',
      `/commits?sha=${encodeURIComponent(ref)}&per_page=100`,
    );
    return data.map(c => c.commit.message.split('\n')[0]);
  }

  /** Commits on a branch that its base branch does not have. */
  async commitsAhead(branch: string, base = 'main'): Promise<number> {
    const list = async (ref: string) =>
      (
        await this.call<Array<{ sha: string }>>(
          'GET',
          `/commits?sha=${encodeURIComponent(ref)}&per_page=100`,
        )
      ).data.map(c => c.sha);
    const onBase = new Set(await list(base));
    return (await list(branch)).filter(sha => !onBase.has(sha)).length;
  }

  /** Commits one file straight onto a branch, as a person or a CI job would. */
  async push(branch: string, path: string, content: string, message: string) {
    const head = (await this.branchHead(branch))!;
    const parent = await this.call<{ tree: { sha: string } }>(
      'GET',
      `/git/commits/${head}`,
    );
    const tree = await this.call<{ sha: string }>('POST', '/git/trees', {
      base_tree: parent.data.tree.sha,
      tree: [{ path, mode: '100644', type: 'blob', content }],
    });
    const commit = await this.call<{ sha: string }>('POST', '/git/commits', {
      message,
      tree: tree.data.sha,
      parents: [head],
    });
    const moved = await this.call('PATCH', `/git/refs/heads/${branch}`, {
      sha: commit.data.sha,
      force: false,
    });
    if (moved.status !== 200) {
      throw new Error(`Could not push to ${branch}: ${moved.status}`);
    }
    return commit.data.sha;
  }
}
