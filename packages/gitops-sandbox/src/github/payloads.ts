import {
  BOT_LOGIN,
  DEFAULT_BRANCH,
  PEOPLE,
  REPO_NAME,
  REPO_OWNER,
} from '../demo';
import { GitCommit, GitSignature, GitTreeEntry } from '../git/GitRepository';
import { sha256Hex } from '../util/hashes';

/** Where the sandbox's GitHub lives: API and web addresses of the repository. */
export class GitHubLinks {
  constructor(readonly baseUrl: string) {}

  get apiBase(): string {
    return `${this.baseUrl}/api/v3`;
  }

  /** `${url}/api/v3/repos/acme/gitops` */
  get repoApi(): string {
    return `${this.apiBase}/repos/${REPO_OWNER}/${REPO_NAME}`;
  }

  /** `${url}/acme/gitops` */
  get repoHtml(): string {
    return `${this.baseUrl}/${REPO_OWNER}/${REPO_NAME}`;
  }

  /** `${url}/acme/gitops.git`, the URL Argo CD clones. */
  get cloneUrl(): string {
    return `${this.repoHtml}.git`;
  }
}

/** A stable numeric id for a GitHub object. */
export function numericId(seed: string): number {
  return parseInt(sha256Hex(seed).slice(0, 8), 16);
}

function nodeId(kind: string, seed: string): string {
  return Buffer.from(`${kind}:${seed}`).toString('base64').replace(/=+$/, '');
}

/** A GitHub user object for a login. */
export function userPayload(login: string, links: GitHubLinks) {
  return {
    login,
    id: numericId(`user:${login}`),
    node_id: nodeId('User', login),
    type: login.endsWith('[bot]') || login === BOT_LOGIN ? 'Bot' : 'User',
    site_admin: false,
    html_url: `${links.baseUrl}/${login}`,
    url: `${links.apiBase}/users/${login}`,
  };
}

const SPECIAL_LOGINS: Record<string, string> = {
  bot: BOT_LOGIN,
  ci: 'acme-ci[bot]',
};

/** The login behind a commit email, when it is one of the sandbox's people. */
export function loginOfEmail(email: string): string | null {
  for (const [login, person] of Object.entries(PEOPLE)) {
    if (person.email === email && login !== 'github') {
      return SPECIAL_LOGINS[login] ?? login;
    }
  }
  return null;
}

/** `GET /repos/{owner}/{repo}` */
export function repositoryPayload(links: GitHubLinks) {
  return {
    id: numericId('repo'),
    node_id: nodeId('Repository', 'acme/gitops'),
    name: REPO_NAME,
    full_name: `${REPO_OWNER}/${REPO_NAME}`,
    owner: {
      ...userPayload(REPO_OWNER, links),
      type: 'Organization',
    },
    private: false,
    visibility: 'public',
    description: 'Desired state of every environment (GitOps sandbox)',
    fork: false,
    html_url: links.repoHtml,
    url: links.repoApi,
    clone_url: links.cloneUrl,
    git_url: links.cloneUrl,
    default_branch: DEFAULT_BRANCH,
    archived: false,
    disabled: false,
    allow_merge_commit: true,
    allow_squash_merge: false,
    allow_rebase_merge: false,
    delete_branch_on_merge: false,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
  };
}

/** `object` of a ref. */
export function refPayload(ref: string, sha: string, links: GitHubLinks) {
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: `${links.repoApi}/git/${ref}`,
    object: {
      sha,
      type: 'commit',
      url: `${links.repoApi}/git/commits/${sha}`,
    },
  };
}

function signaturePayload(s: GitSignature) {
  return { name: s.name, email: s.email, date: s.date };
}

function parentsPayload(commit: GitCommit, links: GitHubLinks) {
  return commit.parents.map(sha => ({
    sha,
    url: `${links.repoApi}/commits/${sha}`,
    html_url: `${links.repoHtml}/commit/${sha}`,
  }));
}

const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
};

/** `GET /repos/{owner}/{repo}/git/commits/{sha}` and `POST .../git/commits`. */
export function gitCommitPayload(commit: GitCommit, links: GitHubLinks) {
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${links.repoApi}/git/commits/${commit.sha}`,
    html_url: `${links.repoHtml}/commit/${commit.sha}`,
    author: signaturePayload(commit.author),
    committer: signaturePayload(commit.committer),
    tree: {
      sha: commit.tree,
      url: `${links.repoApi}/git/trees/${commit.tree}`,
    },
    message: commit.message,
    parents: parentsPayload(commit, links),
    verification: UNSIGNED,
  };
}

/** One item of `GET /repos/{owner}/{repo}/commits`. */
export function commitPayload(commit: GitCommit, links: GitHubLinks) {
  const authorLogin = loginOfEmail(commit.author.email);
  // GitHub's merge commits are committed by "web-flow".
  const committerLogin =
    loginOfEmail(commit.committer.email) ??
    (commit.committer.email === PEOPLE.github.email ? 'web-flow' : null);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${links.repoApi}/commits/${commit.sha}`,
    html_url: `${links.repoHtml}/commit/${commit.sha}`,
    comments_url: `${links.repoApi}/commits/${commit.sha}/comments`,
    commit: {
      author: signaturePayload(commit.author),
      committer: signaturePayload(commit.committer),
      message: commit.message,
      tree: {
        sha: commit.tree,
        url: `${links.repoApi}/git/trees/${commit.tree}`,
      },
      url: `${links.repoApi}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: UNSIGNED,
    },
    author: authorLogin ? userPayload(authorLogin, links) : null,
    committer: committerLogin ? userPayload(committerLogin, links) : null,
    parents: parentsPayload(commit, links),
  };
}

function contentLinks(
  path: string,
  sha: string,
  ref: string,
  links: GitHubLinks,
  type: string,
) {
  const self = `${links.repoApi}/contents/${path}?ref=${encodeURIComponent(
    ref,
  )}`;
  const git =
    type === 'dir'
      ? `${links.repoApi}/git/trees/${sha}`
      : `${links.repoApi}/git/blobs/${sha}`;
  const html = `${links.repoHtml}/${
    type === 'dir' ? 'tree' : 'blob'
  }/${ref}/${path}`;
  return {
    url: self,
    git_url: git,
    html_url: html,
    download_url:
      type === 'file' ? `${links.repoHtml}/raw/${ref}/${path}` : null,
    _links: { self, git, html },
  };
}

/** `GET /repos/{owner}/{repo}/contents/{path}` for a file. */
export function fileContentPayload(
  path: string,
  sha: string,
  content: Buffer,
  ref: string,
  links: GitHubLinks,
) {
  const base64 = content.toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: content.length,
    name: path.split('/').pop() ?? path,
    path,
    content: `${(base64.match(/.{1,60}/g) ?? ['']).join('\n')}\n`,
    sha,
    ...contentLinks(path, sha, ref, links, 'file'),
  };
}

/** One entry of a folder listing of the contents API. */
export function directoryEntryPayload(
  entry: GitTreeEntry,
  ref: string,
  links: GitHubLinks,
) {
  let type = 'file';
  if (entry.type === 'tree') type = 'dir';
  else if (entry.type === 'commit') type = 'submodule';
  else if (entry.mode === '120000') type = 'symlink';
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    ...contentLinks(entry.path, entry.sha, ref, links, type),
  };
}

/** A label object. */
export function labelPayload(name: string, links: GitHubLinks) {
  return {
    id: numericId(`label:${name}`),
    node_id: nodeId('Label', name),
    url: `${links.repoApi}/labels/${encodeURIComponent(name)}`,
    name,
    color: sha256Hex(name).slice(0, 6),
    default: false,
    description: null,
  };
}
