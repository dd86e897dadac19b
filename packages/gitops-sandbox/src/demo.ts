import { digestOf } from './util/hashes';

/** The well-known local credentials of the sandbox (not secrets: it only listens on loopback). */
export const SANDBOX_GITHUB_TOKEN = 'sandbox-github-token';
/** Password of the `admin` user of every sandbox Argo CD instance. */
export const SANDBOX_ARGOCD_PASSWORD = 'sandbox-admin-password';
/** The bearer token of one sandbox Argo CD instance. */
export function argocdTokenOf(instance: string): string {
  return `sandbox-argocd-${instance}-token`;
}

/** Owner and name of the GitOps repository on the sandbox's GitHub. */
export const REPO_OWNER = 'acme';
/** Name of the GitOps repository. */
export const REPO_NAME = 'gitops';
/** Default branch of the GitOps repository. */
export const DEFAULT_BRANCH = 'main';
/** Argo CD project of the demo applications. */
export const ARGO_PROJECT = 'shop';
/** Namespace of the Application objects (Argo CD's control-plane namespace). */
export const ARGO_NAMESPACE = 'argocd';
/** The login of the user behind the sandbox GitHub token. */
export const BOT_LOGIN = 'gitops-portal-bot';

/** How a service is rendered and rolled out. */
export type ServiceKind = 'helm' | 'kustomize';
/** How the workload of a service replaces its pods. */
export type RolloutStrategy = 'canary' | 'blueGreen' | 'rolling';

/** A demo service of the seeded repository. */
export interface DemoService {
  name: string;
  kind: ServiceKind;
  strategy: RolloutStrategy;
  /** Released versions, oldest first; each has a digest. */
  versions: string[];
  replicas: Record<string, number>;
  /** The team's people, for commit authors. */
  owners: string[];
}

/** The three demo services: a canary Helm service, a Kustomize overlay and a blue-green Helm service. */
export const DEMO_SERVICES: DemoService[] = [
  {
    name: 'gateway',
    kind: 'helm',
    strategy: 'canary',
    versions: ['1.4.0', '1.5.0', '1.6.0', '1.7.0'],
    replicas: { dev: 2, staging: 3, prod: 5 },
    owners: ['priya', 'tomas'],
  },
  {
    name: 'ledger',
    kind: 'kustomize',
    strategy: 'rolling',
    versions: ['2.1.0', '2.2.0', '2.3.0', '2.4.0'],
    replicas: { dev: 1, staging: 2, prod: 3 },
    owners: ['tomas', 'priya'],
  },
  {
    name: 'web',
    kind: 'helm',
    strategy: 'blueGreen',
    versions: ['3.0.0', '3.1.0', '3.2.0', '3.3.0'],
    replicas: { dev: 1, staging: 2, prod: 4 },
    owners: ['kofi', 'kofi'],
  },
];

/** Promotion order of the environments. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'];

/** An Argo CD instance of the sandbox and the environments (clusters) it deploys to. */
export interface InstanceDefinition {
  name: string;
  environments: string[];
}

/** The two default instances: one per cluster group. */
export const DEFAULT_INSTANCES: InstanceDefinition[] = [
  { name: 'nonprod', environments: ['dev', 'staging'] },
  { name: 'prod', environments: ['prod'] },
];

/** The image repository of a service. */
export function imageRepositoryOf(service: string): string {
  return `ghcr.io/${REPO_OWNER}/${service}`;
}

/** The digest of a released version of a service. */
export function versionDigest(service: string, version: string): string {
  return digestOf(`${imageRepositoryOf(service)}:${version}`);
}

/** Cluster API server URL of an environment's cluster (what `argocd cluster list` shows). */
export function clusterServerOf(environment: string): string {
  return `https://${environment}.k8s.acme.internal`;
}

/** People who author the seeded history. */
export const PEOPLE: Record<string, { name: string; email: string }> = {
  mara: { name: 'Mara Lindqvist', email: 'mara@acme.example' },
  priya: { name: 'Priya Raman', email: 'priya@acme.example' },
  tomas: { name: 'Tomás Ortega', email: 'tomas@acme.example' },
  kofi: { name: 'Kofi Mensah', email: 'kofi@acme.example' },
  rita: { name: 'Rita Novak', email: 'rita@acme.example' },
  ci: { name: 'acme-ci[bot]', email: 'ci-bot@acme.example' },
  github: { name: 'GitHub', email: 'noreply@github.com' },
  bot: { name: BOT_LOGIN, email: `${BOT_LOGIN}@users.noreply.acme.example` },
};
