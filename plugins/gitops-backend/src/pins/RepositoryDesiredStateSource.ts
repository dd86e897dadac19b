import type { DesiredState } from '@gitops-portal/plugin-gitops-common';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import type { DesiredStateSource } from '../service/types';
import { readServicePin, type ServicePin } from './readServicePin';
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
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * The desired state of every environment, read from the GitOps repository's branch through
 * the Git provider. Pins are cached per head commit: while the branch does not move, a pin
 * costs nothing but one head lookup per `headTtlMs`; when it moves, only the pins asked for
 * again are read.
 *
 * @public
 */
export class RepositoryDesiredStateSource implements DesiredStateSource {
  private readonly provider: GitOpsRepositoryProvider;
  private readonly branch: string;
  private readonly layout: string;
  private readonly headTtlMs: number;
  private readonly now: () => number;
  private head: { sha: Promise<string | null>; at: number } | undefined;
  private pins: { headSha: string; byKey: Map<string, Promise<PinAtHead>> } = {
    headSha: '',
    byKey: new Map(),
  };

  constructor(options: RepositoryDesiredStateSourceOptions) {
    this.provider = options.provider;
    this.branch = options.branch;
    this.layout = options.layout;
    this.headTtlMs = options.headTtlMs ?? 5000;
    this.now = options.now ?? Date.now;
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
    const pin = await readServicePin(this.provider, folder, headSha, {
      service,
    });
    let commit: string | null = null;
    if (pin) {
      const [last] = await this.provider.listCommits(pin.path, {
        ref: headSha,
        page: 1,
        perPage: 1,
      });
      commit = last?.sha ?? null;
    }
    return { headSha, folder, pin, commit };
  }
}
