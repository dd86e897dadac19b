import { InputError } from '@backstage/errors';
import type {
  PinHistoryItem,
  PinHistoryResponse,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import { readPinFile } from '../pins/pinFile';
import { readServicePin } from '../pins/readServicePin';
import { serviceFolder } from '../pins/servicePaths';
import type { ChangeRecordStore } from './ChangeRecordStore';

const PAGE = 50;
const MAX_CACHED = 10_000;

interface Cursor {
  /** Head the history is read from, so that pages stay consistent while the branch moves. */
  h: string;
  /** Index of the next commit to look at, in the path's commit list. */
  o: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      typeof c?.h === 'string' &&
      /^[0-9a-f]{7,64}$/i.test(c.h) &&
      Number.isInteger(c?.o) &&
      c.o >= 0
    ) {
      return c;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * The history of an environment's pin in the GitOps repository: every commit of the pin
 * file's history that changed the digest, newest first, paged. The digest at a commit never
 * changes, so it is cached by file and commit.
 *
 * @public
 */
export class PinHistory {
  private readonly digests = new Map<string, Promise<string | null>>();

  constructor(
    private readonly options: {
      provider: GitOpsRepositoryProvider;
      store: ChangeRecordStore;
      branch: string;
      layout: string;
    },
  ) {}

  /** One page of the history; `cursor` comes from the previous page. */
  async list(
    service: string,
    environment: string,
    page: { cursor?: string; limit?: number } = {},
  ): Promise<PinHistoryResponse> {
    const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
    const cursor = page.cursor ? decodeCursor(page.cursor) : undefined;
    if (page.cursor && !cursor) throw new InputError('Invalid history cursor');
    const head =
      cursor?.h ??
      (await this.options.provider.getBranchHead(this.options.branch));
    if (!head) return { items: [], nextCursor: null };
    const folder = serviceFolder(this.options.layout, environment, service);
    const pin = await readServicePin(this.options.provider, folder, head, {
      service,
    });
    if (!pin) return { items: [], nextCursor: null };

    const lookup = { service, image: pin.repository ?? undefined };
    const items: PinHistoryItem[] = [];
    let offset = cursor?.o ?? 0;
    let commits = await this.commitsFrom(pin.path, head, offset, limit * 3);
    let index = 0;
    while (items.length < limit && index < commits.length) {
      const commit = commits[index];
      if (index + 1 >= commits.length) {
        const more = await this.commitsFrom(
          pin.path,
          head,
          offset + commits.length,
          PAGE,
        );
        commits = commits.concat(more);
      }
      const older = commits[index + 1];
      const digest = await this.digestAt(pin.path, commit.sha, lookup);
      const olderDigest = older
        ? await this.digestAt(pin.path, older.sha, lookup)
        : null;
      if (digest && digest !== olderDigest) {
        items.push({
          environment,
          digest,
          commit: commit.sha,
          author: commit.author,
          committedAt: commit.committedAt,
          message: commit.message,
          pullRequest: null,
        });
      }
      index += 1;
    }
    offset += index;
    await this.linkPullRequests(items);
    const hasMore = index < commits.length;
    return {
      items,
      nextCursor: hasMore ? encodeCursor({ h: head, o: offset }) : null,
    };
  }

  /**
   * The newest digest of the pin's history that differs from `current` (the last known good
   * before it), or null when there is none.
   */
  async previousDistinctDigest(
    service: string,
    environment: string,
    current: string | null,
  ): Promise<string | null> {
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await this.list(service, environment, { cursor, limit: 50 });
      const found = page.items.find(i => i.digest !== current);
      if (found) return found.digest;
      if (!page.nextCursor) return null;
      cursor = page.nextCursor;
    }
    return null;
  }

  private async commitsFrom(
    path: string,
    ref: string,
    offset: number,
    count: number,
  ) {
    const perPage = PAGE;
    const first = Math.floor(offset / perPage) + 1;
    const last = Math.floor((offset + count - 1) / perPage) + 1;
    const result = [];
    for (let p = first; p <= last; p++) {
      const commits = await this.options.provider.listCommits(path, {
        ref,
        page: p,
        perPage,
      });
      result.push(...commits);
      if (commits.length < perPage) break;
    }
    const skip = offset - (first - 1) * perPage;
    return result.slice(skip, skip + count);
  }

  private digestAt(
    path: string,
    sha: string,
    lookup: { service: string; image?: string },
  ): Promise<string | null> {
    const key = `${path}@${sha}`;
    let digest = this.digests.get(key);
    if (!digest) {
      digest = this.options.provider.readFile(path, sha).then(file => {
        if (!file) return null;
        try {
          return readPinFile(path, file.content, lookup).digest;
        } catch {
          return null; // a broken version of the file pins nothing
        }
      });
      if (this.digests.size >= MAX_CACHED) {
        this.digests.delete(this.digests.keys().next().value!);
      }
      this.digests.set(key, digest);
      digest.catch(() => this.digests.delete(key));
    }
    return digest;
  }

  private async linkPullRequests(items: PinHistoryItem[]): Promise<void> {
    const records = await this.options.store.findByCommits(
      items.map(i => i.commit),
    );
    const webUrl = this.options.provider.webUrl;
    const prPath =
      this.options.provider.type === 'gitlab' ? '-/merge_requests' : 'pull';
    for (const item of items) {
      const record = records.find(
        r => r.commit === item.commit || r.mergeCommit === item.commit,
      );
      if (record?.pullRequest) {
        item.pullRequest = {
          number: record.pullRequest.number,
          url: record.pullRequest.url,
        };
        continue;
      }
      const match =
        /Merge pull request #(\d+)/.exec(item.message) ??
        /See merge request \S*!(\d+)/.exec(item.message) ??
        /\(#(\d+)\)\s*$/m.exec(item.message.split('\n')[0]);
      if (match) {
        const number = Number(match[1]);
        item.pullRequest = { number, url: `${webUrl}/${prPath}/${number}` };
      }
    }
  }
}
