import type {
  ArgoApplication,
  ArgoApplicationTree,
  ArgoHealthStatusCode,
  ArgoResourceDiff,
  ArgoRevisionMetadata,
} from '@gitops-portal/plugin-gitops-node';
import { KubeObject } from './clusterResources';

/** Query of `GET /api/v1/applications/{name}/resource`. */
export interface ResourceQuery {
  namespace?: string;
  resourceName?: string;
  group?: string;
  version?: string;
  kind?: string;
}

/**
 * One Application of an Argo CD instance, as the REST API serves it: a modeled application
 * backed by the git repository, or a synthetic one of the scale mode.
 */
export interface ApplicationEntry {
  readonly name: string;
  readonly project: string;
  readonly repoURL: string;
  readonly labels: Record<string, string>;
  /** Per-instance counter; the instance bumps it on every change. */
  resourceVersion: number;
  /**
   * The Application object. `resourceHealth` fills `status.resources[].health`, which Argo CD
   * 3.x leaves out of list responses but returns from get, watch and sync.
   */
  toApplication(options: { resourceHealth: boolean }): ArgoApplication;
  resourceTree(): ArgoApplicationTree;
  managedResources(): ArgoResourceDiff[];
  /** The live object of a node of the resource tree, or undefined. */
  resource(query: ResourceQuery): KubeObject | undefined;
  /** Called after each change, once the new resource version is set. */
  afterChange?(): void;
  /**
   * Metadata of a revision the entry made up itself (scale mode's synthetic applications);
   * applications of the GitOps repository answer from its git history instead.
   */
  revisionMetadata?(revision: string): ArgoRevisionMetadata | undefined;
}

const HEALTH_ORDER: ArgoHealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** The worse of two health codes, in gitops-engine's order (Healthy < … < Unknown). */
export function worseHealth(
  a: ArgoHealthStatusCode,
  b: ArgoHealthStatusCode,
): ArgoHealthStatusCode {
  return HEALTH_ORDER.indexOf(b) > HEALTH_ORDER.indexOf(a) ? b : a;
}
