import type { DesiredState } from '@gitops-portal/plugin-gitops-common';
import type {
  GitOpsRepositoryProvider,
  RepositoryFile,
} from '@gitops-portal/plugin-gitops-node';
import type { DesiredStateSource } from '../service/types';
import { PIN_FILE_NAMES } from './ImagePin';
import { RecentMap } from './RecentMap';
import {
  pinFileCandidates,
  pinFromFiles,
  readServicePin,
  type ServicePin,
} from './readServicePin';
import { serviceFolder } from './servicePaths';

/**
 * A service's pin at a given head of the branch, with the commit that last changed its file.
 *
 * @public
 */
export interface PinAtHead {
  headSha: string;
  folder: string;
  pin: ServicePin | null;
  /** The newest commit that changed the pin file, at or before the head. */
  commit: string | null;
}

/**
 * Options of {@link RepositoryDesiredStateSource}.
 *
 * @public
 */
export interface RepositoryDesiredStateSourceOptions {
  provider: GitOpsRepositoryProvider;
  branch: string;
  layout: string;
  /** How long a read branch head is trusted before it is asked again. Default 5000 ms. */
  headTtlMs?: number;
  /** Most pin file contents and pin commits kept (each, least recently used dropped). Default 5000. */
  maxCachedFiles?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Pin files of the layout at one head: folder → file name → blob SHA. */
type PinFileIndex = Map<string, Map<string, string>>;

const PIN_NAMES = new Set(Object.values(PIN_FILE_NAMES).flat());

/** The part of the layout before its first placeholder, as a folder (`envs` of `envs/{environment}/{service}`). */
function layoutRoot(layout: string): string {
  const fixed = layout.split('{')[0];
  return fixed.slice(0, Math.max(0, fixed.lastIndexOf('/')));
}

/**
 * The desired state of every environment, read from the GitOps repository's branch through
 * the Git provider.
 *
 * Per head of the branch, one tree listing of the layout's folder (when the provider has
 * `listTree` and the listing is complete) tells which pin files exist and their blob SHAs, so
 * that a pin costs at most one file read and one commit lookup, both at once, and a missing
 * folder costs nothing. File contents are kept by blob SHA (immutable), and the commit that
 * last changed a pin file by (path, blob SHA): when the branch moves, only the pins whose file
 * changed are read again. Without a usable tree the files are probed one by one, per head.
 *
 * The commit kept for (path, blob SHA) is the one found when that content was first seen at
 * that path; a file that changed and came back to the same bytes between two reads of it keeps
 * the earlier commit (its digest is exact either way).
 *
 * @public
 */
export class RepositoryDesiredStateSource implements DesiredStateSource {
  private readonly provider: GitOpsRepositoryProvider;
  private readonly branch: string;
  private readonly layout: string;
  private readonly root: string;
  private readonly headTtlMs: number;
  private readonly now: () => number;
  private head: { sha: Promise<string | null>; at: number } | undefined;
  /** False once the provider cannot list the layout completely: probe instead. */
  private treeUsable: boolean;
  private tree: { headSha: string; index: Promise<PinFileIndex | null> } = {
    headSha: '',
    index: Promise.resolve(null),
  };
  private pins: { headSha: string; byKey: Map<string, Promise<PinAtHead>> } = {
    headSha: '',
    byKey: new Map(),
  };
  /** Blob SHA → content. */
  private readonly contents: RecentMap<string, Promise<string>>;
  /** Path → the commit that last changed it, for one blob SHA of it. */
  private readonly commits: RecentMap<
    string,
    { blobSha: string; commit: Promise<string | null> }
  >;

  constructor(options: RepositoryDesiredStateSourceOptions) {
    this.provider = options.provider;
    this.branch = options.branch;
    this.layout = options.layout;
    this.root = layoutRoot(options.layout);
    this.headTtlMs = options.headTtlMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.treeUsable = typeof options.provider.listTree === 'function';
    this.contents = new RecentMap(options.maxCachedFiles ?? 5000);
    this.commits = new RecentMap(options.maxCachedFiles ?? 5000);
  }

  async getDesiredState(
    service: string,
    environment: string,
  ): Promise<DesiredState | null> {
    const { pin, commit } = await this.getPin(service, environment);
    if (!pin?.digest) return null;
    return { digest: pin.digest, commit };
  }

  /** The pin of a service in an environment at the current head of the branch. */
  async getPin(service: string, environment: string): Promise<PinAtHead> {
    const folder = serviceFolder(this.layout, environment, service);
    const headSha = await this.getHead();
    if (!headSha) {
      return { headSha: '', folder, pin: null, commit: null };
    }
    if (this.pins.headSha !== headSha) {
      this.pins = { headSha, byKey: new Map() };
    }
    const cache = this.pins.byKey;
    const key = `${folder}\u0000${service}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = this.readAt(headSha, folder, service);
      cache.set(key, entry);
      entry.catch(() => {
        if (cache.get(key) === entry) cache.delete(key);
      });
    }
    return entry;
  }

  /** Forgets the branch head, e.g. after a merge, so the next read asks for it. */
  invalidate(): void {
    this.head = undefined;
  }

  private async getHead(): Promise<string | null> {
    const now = this.now();
    if (!this.head || now - this.head.at >= this.headTtlMs) {
      const sha = this.provider.getBranchHead(this.branch);
      const head = { sha, at: now };
      this.head = head;
      sha.catch(() => {
        if (this.head === head) this.head = undefined;
      });
    }
    return this.head.sha;
  }

  private async readAt(
    headSha: string,
    folder: string,
    service: string,
  ): Promise<PinAtHead> {
    const index = await this.getIndex(headSha);
    if (!index) return this.probeAt(headSha, folder, service);

    const blobs = index.get(folder) ?? new Map<string, string>();
    const files = pinFileCandidates(folder, [...blobs.keys()]).map(path => ({
      path,
      sha: blobs.get(path.slice(folder.length + 1))!,
    }));
    // The commit lookups start with the reads: the path is known before the content.
    const commits = new Map(
      files.map(f => [f.path, this.commitOf(f.path, f.sha, headSha)]),
    );
    commits.forEach(c => c.catch(() => undefined));
    const read = await Promise.all(
      files.map(
        async (f): Promise<RepositoryFile> => ({
          ...f,
          content: await this.contentOf(f.path, f.sha, headSha),
        }),
      ),
    );
    const pin = pinFromFiles(folder, read, { service });
    const commit = pin ? await commits.get(pin.path)! : null;
    return { headSha, folder, pin, commit };
  }

  /** Without a tree: probe the folder for its pin files, then ask for the commit. */
  private async probeAt(
    headSha: string,
    folder: string,
    service: string,
  ): Promise<PinAtHead> {
    const pin = await readServicePin(this.provider, folder, headSha, {
      service,
    });
    const commit = pin
      ? await this.commitOf(pin.path, pin.file.sha, headSha)
      : null;
    return { headSha, folder, pin, commit };
  }

  /** The pin files under the layout's folder at a head, or null when they cannot all be listed. */
  private getIndex(headSha: string): Promise<PinFileIndex | null> {
    if (!this.treeUsable) return Promise.resolve(null);
    if (this.tree.headSha !== headSha) {
      const tree = { headSha, index: this.listIndex(headSha) };
      this.tree = tree;
      tree.index.catch(() => {
        if (this.tree === tree) this.tree = { headSha: '', index: tree.index };
      });
    }
    return this.tree.index;
  }

  private async listIndex(headSha: string): Promise<PinFileIndex | null> {
    const { files, truncated } = await this.provider.listTree!(
      this.root,
      headSha,
    );
    if (truncated) {
      // Too big to list in one go: probing per folder costs less than a cut listing each head.
      this.treeUsable = false;
      return null;
    }
    const index: PinFileIndex = new Map();
    for (const file of files) {
      const slash = file.path.lastIndexOf('/');
      const name = file.path.slice(slash + 1);
      if (!PIN_NAMES.has(name)) continue;
      const folder = file.path.slice(0, Math.max(0, slash));
      let names = index.get(folder);
      if (!names) {
        names = new Map();
        index.set(folder, names);
      }
      names.set(name, file.sha);
    }
    return index;
  }

  /** The content of a blob, read once through the path that holds it at the head. */
  private contentOf(
    path: string,
    blobSha: string,
    headSha: string,
  ): Promise<string> {
    let content = this.contents.get(blobSha);
    if (!content) {
      const reading = this.provider.readFile(path, headSha).then(file => {
        if (!file) throw new Error(`${path} vanished at ${headSha}`);
        return file.content;
      });
      content = reading;
      this.contents.set(blobSha, reading);
      reading.catch(() => this.contents.deleteIf(blobSha, reading));
    }
    return content;
  }

  /** The newest commit that changed a path, kept while the path holds the same blob. */
  private commitOf(
    path: string,
    blobSha: string | null,
    headSha: string,
  ): Promise<string | null> {
    const known = this.commits.get(path);
    if (blobSha && known?.blobSha === blobSha) return known.commit;
    const commit = this.provider
      .listCommits(path, { ref: headSha, page: 1, perPage: 1 })
      .then(([last]) => last?.sha ?? null);
    if (blobSha) {
      const entry = { blobSha, commit };
      this.commits.set(path, entry);
      commit.catch(() => this.commits.deleteIf(path, entry));
    }
    return commit;
  }
}
