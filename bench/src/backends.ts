/** The three backends compared. */
export type BackendKind = 'ours' | 'roadie' | 'community';

/** In the order of the table's columns. */
export const BACKEND_KINDS: BackendKind[] = ['ours', 'roadie', 'community'];

/** Column titles. */
export const BACKEND_TITLES: Record<BackendKind, string> = {
  ours: 'ours',
  roadie: 'Roadie',
  community: 'community',
};

/** The packages behind each column, as the report names them. */
export const BACKEND_PACKAGES: Record<BackendKind, string> = {
  ours: '@gitops-portal/plugin-gitops-backend',
  roadie:
    '@roadiehq/backstage-plugin-argo-cd-backend@4.8.0 (+ -argo-cd-node@2.0.0)',
  community:
    '@backstage-community/plugin-argocd-backend@1.5.0 (+ -argocd-node@1.2.0)',
};

/**
 * What a backend process runs: one of the compared plugins, or `baseline`: the same process
 * (core services and the catalog with the same entities) without any Argo CD plugin, whose
 * peak RSS is subtracted to show what each plugin itself costs.
 */
export type ProcessKind = BackendKind | 'baseline';

/**
 * Node.js flags of every backend process (the three plugins and the baseline alike). Without a
 * heap limit, V8 sizes the heap from the machine's memory (gigabytes here) and leaves the
 * garbage of start-up (module loading, compiling) uncollected for a long while, so that peak
 * RSS measured mostly when the first full collection happened to run, not what the process
 * holds. A limit like a backend container's (1 GiB of old space, several times what any of
 * the processes keeps live) makes the collector work as it would in production.
 */
export const BACKEND_NODE_OPTIONS = ['--max-old-space-size=1024'];

/** True when the text names a backend. */
export function isBackendKind(text: string): text is BackendKind {
  return (BACKEND_KINDS as string[]).includes(text);
}

/** An Argo CD instance of the sandbox, as the plugins' config names it. */
export interface ArgoInstanceConfig {
  name: string;
  url: string;
  token: string;
}

/** Where one backend listens and how the harness calls it. */
export interface BackendEndpoint {
  port: number;
  /** Static external-access token the harness sends as `Authorization: Bearer`. */
  token: string;
}

/**
 * The whole config of one backend process: loopback listener, in-memory SQLite, a static
 * external-access token for the harness (the harness calls routes as a service, the same for
 * all three), permissions off (every plugin's default), the catalog with the benchmark's
 * entities, and the plugin's own config as its README says.
 */
export function backendConfig(options: {
  kind: ProcessKind;
  endpoint: BackendEndpoint;
  catalogFile: string;
  instances: ArgoInstanceConfig[];
  /** `integrations` + `gitops` of our backend, from the sandbox. */
  oursConfig: Record<string, unknown>;
}): Record<string, unknown> {
  const { kind, endpoint } = options;
  const baseUrl = `http://127.0.0.1:${endpoint.port}`;
  const common = {
    app: { baseUrl: 'http://127.0.0.1:3000' },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: endpoint.port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: endpoint.token, subject: 'gitops-benchmark' },
          },
        ],
      },
    },
    permission: { enabled: false },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: options.catalogFile }],
    },
  };
  if (kind === 'ours') {
    return { ...common, ...options.oursConfig };
  }
  if (kind === 'baseline') {
    return common;
  }
  // Both peers read the same block (`argocd.appLocatorMethods[].instances[]`), with tokens.
  return {
    ...common,
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: options.instances.map(i => ({
            name: i.name,
            url: i.url,
            token: i.token,
          })),
        },
      ],
    },
  };
}
