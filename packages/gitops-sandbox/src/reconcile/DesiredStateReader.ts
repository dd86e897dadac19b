import { parseAllDocuments } from 'yaml';
import {
  InstanceDefinition,
  RolloutStrategy,
  imageRepositoryOf,
} from '../demo';
import { GitRepository } from '../git/GitRepository';

/** What git says one application should run: Argo CD's "target state", reduced to what varies. */
export interface AppTarget {
  instance: string;
  service: string;
  environment: string;
  /** Source path in the repository. */
  path: string;
  sourceType: 'Helm' | 'Kustomize';
  strategy: RolloutStrategy;
  imageRepository: string;
  /** `sha256:…`, or null when the pin is missing or unreadable. */
  digest: string | null;
  replicas: number;
  /** Set when the manifests cannot be rendered (Argo CD's `ComparisonError`). */
  error?: string;
}

/** The target state of every application of every instance at one commit. */
export interface DesiredState {
  revision: string;
  /** Instance name → its applications' targets, in ApplicationSet order. */
  apps: Map<string, AppTarget[]>;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/**
 * Services listed by the instance's ApplicationSet: the `service` key of every list-generator
 * element, also inside matrix or merge generators.
 */
export function servicesOfApplicationSet(text: string): string[] {
  const services: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const object = asObject(node);
    if (!object) return;
    const list = asObject(object.list);
    if (list && Array.isArray(list.elements)) {
      for (const element of list.elements) {
        const service = asObject(element)?.service;
        if (typeof service === 'string' && !services.includes(service)) {
          services.push(service);
        }
      }
    }
    for (const [key, value] of Object.entries(object)) {
      if (key !== 'list') visit(value);
    }
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(doc.errors[0].message);
    }
    visit(asObject(asObject(doc.toJS())?.spec)?.generators);
  }
  return services;
}

/** Reads Helm values: `image.digest`, `image.repository`, `replicaCount`, `rollout.strategy`. */
export function parseHelmValues(
  text: string,
  service: string,
): Pick<AppTarget, 'digest' | 'replicas' | 'strategy' | 'imageRepository'> {
  const values = asObject(parseSingle(text)) ?? {};
  const image = asObject(values.image) ?? {};
  const rollout = asObject(values.rollout) ?? {};
  const strategy =
    rollout.strategy === 'blueGreen' ? 'blueGreen' : ('canary' as const);
  return {
    digest: typeof image.digest === 'string' ? image.digest : null,
    imageRepository:
      typeof image.repository === 'string'
        ? image.repository
        : imageRepositoryOf(service),
    replicas: typeof values.replicaCount === 'number' ? values.replicaCount : 1,
    strategy,
  };
}

/** Reads a Kustomize overlay: the service's `images[].digest` and `replicas[].count`. */
export function parseKustomization(
  text: string,
  service: string,
): Pick<AppTarget, 'digest' | 'replicas' | 'strategy' | 'imageRepository'> {
  const doc = asObject(parseSingle(text)) ?? {};
  const images = (Array.isArray(doc.images) ? doc.images : [])
    .map(asObject)
    .filter((i): i is Json => !!i);
  const wanted = imageRepositoryOf(service);
  const image = images.find(i => i.name === wanted) ?? images[0];
  const replicas = (Array.isArray(doc.replicas) ? doc.replicas : [])
    .map(asObject)
    .find(r => r?.name === service);
  return {
    digest: typeof image?.digest === 'string' ? image.digest : null,
    imageRepository: [image?.newName, image?.name, wanted].find(
      (n): n is string => typeof n === 'string',
    )!,
    replicas: typeof replicas?.count === 'number' ? replicas.count : 1,
    strategy: 'rolling',
  };
}

function parseSingle(text: string): unknown {
  const docs = parseAllDocuments(text);
  const first = docs[0];
  if (!first) return {};
  if (first.errors.length > 0) {
    throw new Error(first.errors[0].message);
  }
  return first.toJS();
}

/**
 * Renders the target state of the instances' applications from the repository at a commit,
 * the way Argo CD's ApplicationSet controller and repo-server would: services from
 * `applicationsets/<instance>/services.yaml`, one application per service and environment,
 * the image digest and replicas from `envs/<environment>/<service>/`.
 */
export class DesiredStateReader {
  private readonly blobs = new Map<string, string>();

  constructor(
    private readonly repo: GitRepository,
    private readonly instances: () => InstanceDefinition[],
  ) {}

  async read(revision: string): Promise<DesiredState> {
    const entries = new Map<string, string>();
    for (const entry of await this.repo.listTree(revision, {
      recursive: true,
    })) {
      if (entry.type === 'blob') {
        entries.set(entry.path, entry.sha);
      }
    }
    const apps = new Map<string, AppTarget[]>();
    for (const instance of this.instances()) {
      const appSetSha = entries.get(
        `applicationsets/${instance.name}/services.yaml`,
      );
      let services: string[] = [];
      if (appSetSha) {
        try {
          services = servicesOfApplicationSet(await this.blob(appSetSha));
        } catch {
          // An unreadable ApplicationSet generates nothing, as the controller would.
          services = [];
        }
      }
      const targets: AppTarget[] = [];
      for (const service of services) {
        for (const environment of instance.environments) {
          targets.push(
            await this.target(entries, instance.name, service, environment),
          );
        }
      }
      apps.set(instance.name, targets);
    }
    return { revision, apps };
  }

  /** The target of one application at a commit (for a sync to a given revision). */
  async readApp(
    revision: string,
    instance: string,
    service: string,
    environment: string,
  ): Promise<AppTarget> {
    const folder = `envs/${environment}/${service}`;
    const entries = new Map<string, string>();
    try {
      for (const entry of await this.repo.listTree(revision, {
        path: folder,
        recursive: true,
      })) {
        entries.set(entry.path, entry.sha);
      }
    } catch {
      // A missing folder becomes a ComparisonError below.
    }
    return this.target(entries, instance, service, environment);
  }

  private async target(
    entries: Map<string, string>,
    instance: string,
    service: string,
    environment: string,
  ): Promise<AppTarget> {
    const path = `envs/${environment}/${service}`;
    const base: AppTarget = {
      instance,
      service,
      environment,
      path,
      sourceType: 'Helm',
      strategy: 'canary',
      imageRepository: imageRepositoryOf(service),
      digest: null,
      replicas: 1,
    };
    const kustomizationSha = entries.get(`${path}/kustomization.yaml`);
    const valuesSha = entries.get(`${path}/values.yaml`);
    try {
      if (kustomizationSha) {
        const parsed = parseKustomization(
          await this.blob(kustomizationSha),
          service,
        );
        return {
          ...base,
          sourceType: 'Kustomize',
          ...parsed,
          ...(parsed.digest
            ? {}
            : {
                error: `Failed to load target state: ${path}/kustomization.yaml: no image digest for ${base.imageRepository}`,
              }),
        };
      }
      if (valuesSha) {
        const parsed = parseHelmValues(await this.blob(valuesSha), service);
        return {
          ...base,
          ...parsed,
          ...(parsed.digest
            ? {}
            : {
                error: `Failed to load target state: ${path}/values.yaml: image.digest is not set`,
              }),
        };
      }
    } catch (error) {
      return {
        ...base,
        error: `Failed to load target state: failed to generate manifest for source 1 of 1: ${path}: ${
          (error as Error).message
        }`,
      };
    }
    return {
      ...base,
      error: `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = ${path}: app path does not exist`,
    };
  }

  private async blob(sha: string): Promise<string> {
    let text = this.blobs.get(sha);
    if (text === undefined) {
      text = (await this.repo.readBlob(sha)).toString('utf8');
      if (this.blobs.size > 5000) this.blobs.clear();
      this.blobs.set(sha, text);
    }
    return text;
  }
}
