import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_ANNOTATIONS,
  GITOPS_SERVICE_ANNOTATION,
} from '@gitops-portal/plugin-gitops-common';
import type { ApplicationIndex } from '../argocd/ApplicationIndex';
import type { IndexedApplication } from '../argocd/IndexedApplication';
import {
  type LabelSelector,
  parseLabelSelector,
} from '../argocd/labelSelector';

/**
 * Which applications belong to an entity, from its annotations:
 *
 * - `gitops/service`: applications whose source path is that service's folder in the layout
 *   (and previews of the service);
 * - `argocd/app-name`, `argocd/app-selector` (as the existing Argo CD plugins read them):
 *   applications with that name, or whose labels match that selector, optionally only in the
 *   namespace `argocd/app-namespace`;
 * - `argocd/instance-name` (comma-separated): consult only these instances; else all.
 *
 * @public
 */
export class EntityApplicationQuery {
  readonly service: string | null;
  readonly appName: string | null;
  readonly selector: LabelSelector | null;
  /** Why `argocd/app-selector` could not be read, when it could not. */
  readonly selectorError: string | null;
  readonly appNamespace: string | null;
  /** Configured instances to consult. */
  readonly instances: string[];
  /** Instances named by `argocd/instance-name` that are not configured. */
  readonly unknownInstances: string[];

  static fromEntity(
    entity: Entity,
    configuredInstances: string[],
  ): EntityApplicationQuery {
    return new EntityApplicationQuery(entity, configuredInstances);
  }

  private constructor(entity: Entity, configuredInstances: string[]) {
    const annotations = entity.metadata.annotations ?? {};
    const text = (key: string) => annotations[key]?.trim() || null;

    this.service = text(GITOPS_SERVICE_ANNOTATION);
    this.appName = text(ARGOCD_ANNOTATIONS.appName);
    this.appNamespace = text(ARGOCD_ANNOTATIONS.appNamespace);

    const selector = text(ARGOCD_ANNOTATIONS.appSelector);
    let parsed: LabelSelector | null = null;
    let selectorError: string | null = null;
    if (selector) {
      try {
        parsed = parseLabelSelector(selector);
      } catch (e) {
        selectorError = `The annotation ${
          ARGOCD_ANNOTATIONS.appSelector
        } is not a label selector: ${(e as Error).message}`;
      }
    }
    this.selector = parsed;
    this.selectorError = selectorError;

    const named = text(ARGOCD_ANNOTATIONS.instanceName)
      ?.split(',')
      .map(n => n.trim())
      .filter(Boolean);
    if (named?.length) {
      this.instances = configuredInstances.filter(i => named.includes(i));
      this.unknownInstances = named.filter(
        n => !configuredInstances.includes(n),
      );
    } else {
      this.instances = configuredInstances;
      this.unknownInstances = [];
    }
  }

  /** True when the entity names any application at all. */
  get isEmpty(): boolean {
    return !this.service && !this.appName && !this.selector;
  }

  /** True when the application belongs to the entity. */
  matches(app: IndexedApplication): boolean {
    if (!this.instances.includes(app.instance)) return false;
    if (this.service && app.classification.service === this.service) {
      return true;
    }
    if (this.appNamespace && app.namespace !== this.appNamespace) return false;
    if (this.appName && app.name === this.appName) return true;
    return !!this.selector && this.selector(app.labels);
  }

  /** The entity's applications in the index, each once. */
  resolve(index: ApplicationIndex): IndexedApplication[] {
    const found = new Map<string, IndexedApplication>();
    const add = (apps: IndexedApplication[]) => {
      for (const app of apps) {
        if (this.matches(app))
          found.set(`${app.instance}\u0000${app.key}`, app);
      }
    };
    if (this.service) add(index.withService(this.service, this.instances));
    if (this.appName) add(index.withName(this.appName, this.instances));
    if (this.selector) add(index.matching(this.selector, this.instances));
    return Array.from(found.values());
  }
}
