import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_BRANCH,
  DEMO_SERVICES,
  ENVIRONMENTS,
  PEOPLE,
  REPO_OWNER,
  versionDigest,
} from '../demo';
import { runGit } from '../git/runGit';
import { StoredPullRequest } from '../github/PullRequestStore';
import { Pins, repositoryFiles } from './repositoryFiles';

/** When the seeded history starts: 2026-09-01T09:00:00Z. */
const HISTORY_START = Date.UTC(2026, 8, 1, 9, 0, 0) / 1000;
const HOUR = 3600;
const SEED_BRANCH = 'sandbox-seed-pull-request';

interface Change {
  kind: 'commit' | 'pull';
  title: string;
  body: string;
  author: string;
  /** Who merged the pull request. */
  merger?: string;
  branch?: string;
  labels?: string[];
  at: number;
  files: Map<string, string>;
}

function signature(person: string, at: number): string {
  const p = PEOPLE[person];
  return `${p.name} <${p.email}> ${at} +0000`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function fileLines(files: Map<string, string>): string {
  let out = '';
  for (const [path, content] of [...files].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    out += `M 100644 inline ${path}\n${data(content)}`;
  }
  return out;
}

function changedFiles(
  before: Map<string, string>,
  after: Map<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, content] of after) {
    if (before.get(path) !== content) {
      out.set(path, content);
    }
  }
  return out;
}

/**
 * The seeded history, oldest first: a bootstrap commit, then releases flowing dev → staging →
 * prod. Dev pins are direct commits by CI, staging and prod pins are merged promotion pull
 * requests, and one staging rollback; authors and dates are fixed, so every seed yields the
 * same commits.
 */
function plannedChanges(): { initial: Map<string, string>; changes: Change[] } {
  const pins: Pins = {};
  for (const environment of ENVIRONMENTS) {
    pins[environment] = {};
    for (const service of DEMO_SERVICES) {
      pins[environment][service.name] = versionDigest(
        service.name,
        service.versions[0],
      );
    }
  }
  const initial = new Map(
    [...repositoryFiles(pins)].map(([path, content]) => [
      path,
      content.replace('v1.8.3', 'v1.8.2'),
    ]),
  );
  let current = initial;
  const changes: Change[] = [];
  let at = HISTORY_START;

  const pin = (
    environment: string,
    service: string,
    version: string,
    how: Omit<Change, 'files' | 'at'>,
  ) => {
    pins[environment][service] = versionDigest(service, version);
    const next = repositoryFiles(pins);
    changes.push({ ...how, at, files: changedFiles(current, next) });
    current = next;
  };

  for (let wave = 1; wave <= 3; wave++) {
    for (const service of DEMO_SERVICES) {
      const version = service.versions[wave];
      const digest = versionDigest(service.name, version);
      const [owner, reviewer] = service.owners;
      at += 5 * HOUR;
      pin('dev', service.name, version, {
        kind: 'commit',
        title: `dev: ${service.name} ${version}`,
        body: `Built from ${REPO_OWNER}/${service.name}@v${version}.\n\nImage: ${digest}`,
        author: 'ci',
      });
      if (wave <= 2) {
        at += 20 * HOUR;
        pin('staging', service.name, version, {
          kind: 'pull',
          title: `Promote ${service.name} ${version} to staging`,
          body: `Promotes ${service.name} from dev to staging.\n\nDigest: \`${digest}\``,
          author: owner,
          merger: reviewer,
          branch: `promote/staging/${service.name}/${digest.slice(7, 19)}`,
          labels: ['gitops:promotion', 'env:staging'],
        });
      }
      if (wave === 1) {
        at += 26 * HOUR;
        pin('prod', service.name, version, {
          kind: 'pull',
          title: `Promote ${service.name} ${version} to prod`,
          body: `Promotes ${service.name} from staging to prod.\n\nDigest: \`${digest}\`\n\nNeeds 2 approvals.`,
          author: owner,
          merger: 'rita',
          branch: `promote/prod/${service.name}/${digest.slice(7, 19)}`,
          labels: ['gitops:promotion', 'env:prod'],
        });
      }
    }
    if (wave === 1) {
      at += 3 * HOUR;
      const next = new Map(current);
      next.set(
        'platform/argo-rollouts/kustomization.yaml',
        repositoryFiles(pins).get('platform/argo-rollouts/kustomization.yaml')!,
      );
      changes.push({
        kind: 'commit',
        title: 'platform: Argo Rollouts v1.8.3',
        body: 'Fixes the canary weight shown while a pause step is active.',
        author: 'mara',
        at,
        files: changedFiles(current, next),
      });
      current = next;
    }
    if (wave === 2) {
      // web 3.2.0 broke checkout in staging: rolled back by pull request.
      const web = DEMO_SERVICES.find(s => s.name === 'web')!;
      const previous = web.versions[1];
      const digest = versionDigest(web.name, previous);
      at += 4 * HOUR;
      pin('staging', web.name, previous, {
        kind: 'pull',
        title: `Roll back web in staging to ${previous}`,
        body: `web ${web.versions[2]} breaks checkout (INC-2291). Pins the previous digest again.\n\nDigest: \`${digest}\``,
        author: 'kofi',
        merger: 'priya',
        branch: `rollback/staging/web/${digest.slice(7, 19)}`,
        labels: ['gitops:rollback', 'env:staging'],
      });
    }
  }
  return { initial, changes };
}

/** Marks of the fast-import stream that name commits the pull requests need. */
interface PullMarks {
  change: Change;
  number: number;
  headMark: number;
  baseMark: number;
  mergeMark: number;
}

/**
 * Creates the demo GitOps repository in `dir` (a new, empty folder) with `git fast-import`:
 * one process writes the whole deterministic history, merge commits included, then `main` is
 * checked out. Returns the merged pull requests of that history.
 */
export async function seedRepository(
  dir: string,
): Promise<StoredPullRequest[]> {
  await mkdir(dir, { recursive: true });
  await runGit(dir, ['init', '--quiet', '--initial-branch', DEFAULT_BRANCH]);
  await runGit(dir, ['config', 'user.name', 'Sandbox User']);
  await runGit(dir, ['config', 'user.email', 'sandbox-user@acme.example']);
  await runGit(dir, ['config', 'commit.gpgsign', 'false']);

  const { initial, changes } = plannedChanges();
  let mark = 1;
  let stream = `commit refs/heads/${DEFAULT_BRANCH}\nmark :${mark}\n`;
  stream += `author ${signature('mara', HISTORY_START)}\n`;
  stream += `committer ${signature('mara', HISTORY_START)}\n`;
  stream += data(
    'Bootstrap the GitOps repository\n\nProjects, ApplicationSets per Argo CD instance, platform add-ons and\nthe shop services in dev, staging and prod.',
  );
  stream += `deleteall\n${fileLines(initial)}\n`;
  let mainMark = mark;
  let pullNumber = 0;
  const pulls: PullMarks[] = [];

  for (const change of changes) {
    const message = `${change.title}\n\n${change.body}`;
    if (change.kind === 'commit') {
      mark += 1;
      stream += `commit refs/heads/${DEFAULT_BRANCH}\nmark :${mark}\n`;
      stream += `author ${signature(change.author, change.at)}\n`;
      stream += `committer ${signature(change.author, change.at)}\n`;
      stream += data(message);
      stream += `from :${mainMark}\n${fileLines(change.files)}\n`;
      mainMark = mark;
      continue;
    }
    pullNumber += 1;
    const headMark = ++mark;
    stream += `commit refs/heads/${SEED_BRANCH}\nmark :${headMark}\n`;
    stream += `author ${signature(change.author, change.at)}\n`;
    stream += `committer ${signature(change.author, change.at)}\n`;
    stream += data(message);
    stream += `from :${mainMark}\n${fileLines(change.files)}\n`;
    const mergedAt = change.at + 2 * HOUR;
    const mergeMark = ++mark;
    stream += `commit refs/heads/${DEFAULT_BRANCH}\nmark :${mergeMark}\n`;
    stream += `author ${signature(change.merger!, mergedAt)}\n`;
    stream += `committer ${signature('github', mergedAt)}\n`;
    stream += data(
      `Merge pull request #${pullNumber} from ${REPO_OWNER}/${change.branch}\n\n${change.title}`,
    );
    stream += `from :${mainMark}\nmerge :${headMark}\n${fileLines(
      change.files,
    )}\n`;
    pulls.push({
      change,
      number: pullNumber,
      headMark,
      baseMark: mainMark,
      mergeMark,
    });
    mainMark = mergeMark;
  }

  const marksDir = await mkdtemp(join(tmpdir(), 'gitops-sandbox-marks-'));
  try {
    const marksFile = join(marksDir, 'marks');
    await runGit(
      dir,
      ['fast-import', '--quiet', `--export-marks=${marksFile}`],
      { input: stream },
    );
    const marks = new Map<number, string>();
    for (const line of (await readFile(marksFile, 'utf8')).split('\n')) {
      const [m, sha] = line.split(' ');
      if (m && sha) {
        marks.set(Number(m.slice(1)), sha);
      }
    }
    await runGit(dir, ['update-ref', '-d', `refs/heads/${SEED_BRANCH}`]);
    await runGit(dir, ['reset', '--hard', '--quiet', DEFAULT_BRANCH]);

    const iso = (epoch: number) =>
      `${new Date(epoch * 1000).toISOString().slice(0, 19)}Z`;
    return pulls.map(p => ({
      number: p.number,
      title: p.change.title,
      body: p.change.body,
      user: p.change.author,
      labels: p.change.labels ?? [],
      headRef: p.change.branch!,
      headSha: marks.get(p.headMark)!,
      baseRef: DEFAULT_BRANCH,
      baseSha: marks.get(p.baseMark)!,
      state: 'closed',
      merged: true,
      mergeCommitSha: marks.get(p.mergeMark)!,
      mergedBy: p.change.merger!,
      createdAt: iso(p.change.at),
      updatedAt: iso(p.change.at + 2 * HOUR),
      closedAt: iso(p.change.at + 2 * HOUR),
      mergedAt: iso(p.change.at + 2 * HOUR),
      requestedReviewers: [],
      comments: [],
    }));
  } finally {
    await rm(marksDir, { recursive: true, force: true });
  }
}
