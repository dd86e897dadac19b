import {
  ARGO_NAMESPACE,
  ARGO_PROJECT,
  DEFAULT_BRANCH,
  DEFAULT_INSTANCES,
  DEMO_SERVICES,
  DemoService,
  ENVIRONMENTS,
  REPO_NAME,
  REPO_OWNER,
  clusterServerOf,
  imageRepositoryOf,
} from '../demo';

/**
 * The repository URL written into the seeded manifests: the sandbox's default address. The
 * sandbox's Argo CD uses its actual address, whatever port it listens on.
 */
export const SEED_REPO_URL = `http://localhost:7010/${REPO_OWNER}/${REPO_NAME}.git`;

/** Path → content of the files of the repository. */
export type RepositoryFiles = Map<string, string>;

/** The folder of a service in an environment (the layout `envs/{environment}/{service}`). */
export function serviceFolder(environment: string, service: string): string {
  return `envs/${environment}/${service}`;
}

/** The file that pins the image of a service in an environment. */
export function pinFileOf(service: DemoService | string, environment: string) {
  const kind =
    typeof service === 'string'
      ? DEMO_SERVICES.find(s => s.name === service)?.kind ?? 'helm'
      : service.kind;
  const name = typeof service === 'string' ? service : service.name;
  return `${serviceFolder(environment, name)}/${
    kind === 'kustomize' ? 'kustomization.yaml' : 'values.yaml'
  }`;
}

const LOG_LEVEL: Record<string, string> = {
  dev: 'debug',
  staging: 'info',
  prod: 'warn',
};

/** `envs/<env>/<service>/values.yaml` of a Helm service. */
export function helmValues(
  service: DemoService,
  environment: string,
  digest: string,
): string {
  const strategyComment =
    service.strategy === 'blueGreen'
      ? '# Argo Rollouts blue-green: the preview stack is tested, then traffic switches at once.'
      : '# Argo Rollouts canary: 20% → pause → analysis → 50% → pause → 100%.';
  return `# ${
    service.name
  } in ${environment}: values for the shared chart (charts/service).
# Promotion and rollback pull requests change image.digest and nothing else.
replicaCount: ${service.replicas[environment] ?? 1}

image:
  repository: ${imageRepositoryOf(service.name)}
  # Pinned by digest, never by tag: what was tested is what runs.
  digest: ${digest}

rollout:
  ${strategyComment}
  strategy: ${service.strategy}

resources:
  requests:
    cpu: 100m
    memory: 128Mi

env:
  LOG_LEVEL: ${LOG_LEVEL[environment] ?? 'info'}
`;
}

/** `envs/<env>/<service>/Chart.yaml`: an application chart on top of the shared library chart. */
export function helmChart(service: DemoService, environment: string): string {
  return `apiVersion: v2
name: ${service.name}
description: ${service.name} in ${environment}
type: application
version: 1.0.0
dependencies:
  - name: service
    version: 1.x
    repository: file://../../../charts/service
`;
}

/** `envs/<env>/<service>/templates/service.yaml`: renders the library chart with these values. */
export const HELM_ENTRY_TEMPLATE = `{{- include "service.all" . }}
`;

/** `envs/<env>/ledger/kustomization.yaml`: the Kustomize overlay of a service. */
export function kustomization(
  service: DemoService,
  environment: string,
  digest: string,
): string {
  return `# ${service.name} in ${environment}: overlay of base/${service.name}.
# Promotion and rollback pull requests change the image digest and nothing else.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${service.name}
resources:
  - ../../../base/${service.name}
replicas:
  - name: ${service.name}
    count: ${service.replicas[environment] ?? 1}
images:
  - name: ${imageRepositoryOf(service.name)}
    digest: ${digest}
`;
}

/** The ApplicationSet of an instance's services. */
export function servicesApplicationSet(
  instance: string,
  environments: string[],
  services: string[],
): string {
  return `# Applications of the Argo CD instance "${instance}": one per service listed below and per
# environment of this instance (${environments.join(
    ', ',
  )}). Onboarding a service = adding an element,
# by pull request. The application is named <service>-<environment>.
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: services
  namespace: ${ARGO_NAMESPACE}
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - list:
        elements:
${services.map(s => `          - service: ${s}`).join('\n')}
  template:
    metadata:
      name: '{{.service}}-{{.environment}}'
      labels:
        app.kubernetes.io/part-of: '{{.service}}'
    spec:
      project: ${ARGO_PROJECT}
      source:
        repoURL: ${SEED_REPO_URL}
        targetRevision: ${DEFAULT_BRANCH}
        path: 'envs/{{.environment}}/{{.service}}'
      destination:
        name: '{{.environment}}'
        namespace: '{{.service}}'
      syncPolicy:
${
  instance === 'prod'
    ? '        # prod syncs when a release manager asks for it.\n        syncOptions: [CreateNamespace=true]'
    : '        automated:\n          prune: true\n          selfHeal: false\n        syncOptions: [CreateNamespace=true]'
}
`;
}

const PREVIEWS_APPLICATION_SET = `# One preview environment per open pull request on a service's code repository, in the dev
# cluster, as long as the pull request is open.
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: previews
  namespace: ${ARGO_NAMESPACE}
spec:
  goTemplate: true
  generators:
    - matrix:
        generators:
          - list:
              elements:
                - service: gateway
                - service: web
          - pullRequest:
              github:
                owner: ${REPO_OWNER}
                repo: '{{.service}}'
                labels: [preview]
              requeueAfterSeconds: 60
  template:
    metadata:
      name: '{{.service}}-preview-pr-{{.number}}'
      labels:
        app.kubernetes.io/part-of: '{{.service}}'
        gitops/preview: 'true'
    spec:
      project: ${ARGO_PROJECT}
      source:
        repoURL: ${SEED_REPO_URL}
        targetRevision: ${DEFAULT_BRANCH}
        path: 'previews/{{.service}}'
        helm:
          parameters:
            - name: image.tag
              value: 'pr-{{.number}}-{{.head_short_sha}}'
      destination:
        name: dev
        namespace: '{{.service}}-pr-{{.number}}'
      syncPolicy:
        automated:
          prune: true
        syncOptions: [CreateNamespace=true]
`;

const PROJECT = `# The shop's project: its repositories, clusters and the prod change freeze.
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${ARGO_PROJECT}
  namespace: ${ARGO_NAMESPACE}
spec:
  description: Demo shop services
  sourceRepos:
    - '*'
  destinations:
${ENVIRONMENTS.map(
  e =>
    `    - name: ${e}\n      server: ${clusterServerOf(
      e,
    )}\n      namespace: '*'`,
).join('\n')}
  clusterResourceWhitelist:
    - group: ''
      kind: Namespace
  syncWindows:
    # Weekend freeze on prod: no sync, manual or automatic.
    - kind: deny
      schedule: '0 18 * * 5'
      duration: 62h
      clusters: [prod]
      manualSync: false
      timeZone: Europe/Berlin
`;

function bootstrap(instance: string): string {
  return `# Installed by hand once per Argo CD instance; everything else comes from this repository.
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: bootstrap
  namespace: ${ARGO_NAMESPACE}
spec:
  project: default
  source:
    repoURL: ${SEED_REPO_URL}
    targetRevision: ${DEFAULT_BRANCH}
    path: .
    directory:
      recurse: true
      include: '{projects/*.yaml,platform/**/*.yaml,applicationsets/${instance}/*.yaml}'
  destination:
    server: https://kubernetes.default.svc
    namespace: ${ARGO_NAMESPACE}
  syncPolicy:
    automated:
      prune: false
      selfHeal: true
`;
}

const SUCCESS_RATE = `# Canary analysis: the HTTP success rate of the canary pods must stay at or above 99%.
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: success-rate
spec:
  args:
    - name: service
  metrics:
    - name: success-rate
      interval: 30s
      count: 3
      failureLimit: 0
      successCondition: result[0] >= 0.99
      provider:
        prometheus:
          address: http://prometheus.monitoring.svc:9090
          query: |
            sum(rate(http_requests_total{service="{{args.service}}",code!~"5.."}[2m]))
            /
            sum(rate(http_requests_total{service="{{args.service}}"}[2m]))
`;

const SMOKE_TEST = `# Blue-green pre-promotion check: the preview stack answers its smoke test.
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: smoke-test
spec:
  args:
    - name: service
  metrics:
    - name: smoke-test
      failureLimit: 0
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: smoke
                    image: ghcr.io/${REPO_OWNER}/smoke-tests@sha256:5d2c3a4f0b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f5e
                    args: ['http://{{args.service}}-preview']
`;

const ROLLOUTS = `# Argo Rollouts controller, pinned.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: argo-rollouts
resources:
  - https://github.com/argoproj/argo-rollouts/releases/download/v1.8.3/install.yaml
`;

function namespaces(): string {
  return DEMO_SERVICES.map(
    s => `apiVersion: v1
kind: Namespace
metadata:
  name: ${s.name}
  labels:
    app.kubernetes.io/part-of: ${s.name}`,
  )
    .join('\n---\n')
    .concat('\n');
}

const LIBRARY_CHART = `apiVersion: v2
name: service
description: Shared chart of the shop's services (Argo Rollouts canary or blue-green)
type: library
version: 1.3.0
`;

const LIBRARY_TEMPLATE = `{{- define "service.image" -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- end }}

{{- define "service.all" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Chart.Name }}-config
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
data:
  LOG_LEVEL: {{ .Values.env.LOG_LEVEL | quote }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Chart.Name }}
spec:
  selector:
    app.kubernetes.io/name: {{ .Chart.Name }}
  ports:
    - port: 80
      targetPort: http
{{- if eq .Values.rollout.strategy "blueGreen" }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Chart.Name }}-preview
spec:
  selector:
    app.kubernetes.io/name: {{ .Chart.Name }}
  ports:
    - port: 80
      targetPort: http
{{- end }}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: {{ .Chart.Name }}
  annotations:
    argocd.argoproj.io/sync-wave: "1"
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Chart.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ .Chart.Name }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "service.image" . }}
          ports:
            - name: http
              containerPort: 8080
          envFrom:
            - configMapRef:
                name: {{ .Chart.Name }}-config
          resources: {{- toYaml .Values.resources | nindent 12 }}
  strategy:
{{- if eq .Values.rollout.strategy "blueGreen" }}
    blueGreen:
      activeService: {{ .Chart.Name }}
      previewService: {{ .Chart.Name }}-preview
      autoPromotionEnabled: true
      autoPromotionSeconds: 15
      prePromotionAnalysis:
        templates:
          - templateName: smoke-test
            clusterScope: true
        args:
          - name: service
            value: {{ .Chart.Name }}
{{- else }}
    canary:
      steps:
        - setWeight: 20
        - pause: { duration: 10s }
        - analysis:
            templates:
              - templateName: success-rate
                clusterScope: true
            args:
              - name: service
                value: {{ .Chart.Name }}
        - setWeight: 50
        - pause: { duration: 10s }
        - setWeight: 100
{{- end }}
{{- end }}
`;

function ledgerBase(): Array<[string, string]> {
  return [
    [
      'base/ledger/kustomization.yaml',
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - configmap.yaml
  - service.yaml
  - deployment.yaml
`,
    ],
    [
      'base/ledger/configmap.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: ledger-config
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
data:
  LEDGER_RETENTION_DAYS: "3650"
`,
    ],
    [
      'base/ledger/service.yaml',
      `apiVersion: v1
kind: Service
metadata:
  name: ledger
spec:
  selector:
    app.kubernetes.io/name: ledger
  ports:
    - port: 80
      targetPort: http
`,
    ],
    [
      'base/ledger/deployment.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  annotations:
    argocd.argoproj.io/sync-wave: "1"
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ledger
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ledger
    spec:
      containers:
        - name: ledger
          image: ${imageRepositoryOf('ledger')}
          ports:
            - name: http
              containerPort: 8080
          envFrom:
            - configMapRef:
                name: ledger-config
`,
    ],
  ];
}

function previewValues(service: string): string {
  return `# Preview environments of ${service}: one per open pull request on its code, built from the
# pull request's head and removed when the pull request closes.
replicaCount: 1

image:
  repository: ${imageRepositoryOf(service)}
  tag: overridden-per-pull-request

rollout:
  strategy: canary
`;
}

const README = `# ${REPO_OWNER}/${REPO_NAME}: desired state of every environment

| folder | what |
| --- | --- |
| \`bootstrap/\` | the one Application installed by hand per Argo CD instance |
| \`projects/\` | Argo CD projects, with the prod change freeze |
| \`applicationsets/<instance>/\` | which services each Argo CD instance deploys (\`nonprod\`: dev and staging; \`prod\`: prod) |
| \`platform/\` | cluster add-ons: Argo Rollouts, analysis templates, namespaces |
| \`charts/service/\` | the shared Helm library chart |
| \`base/\` | Kustomize bases |
| \`envs/<environment>/<service>/\` | one service in one environment; the image is pinned by digest |
| \`previews/<service>/\` | preview environments of open pull requests |

Changes reach an environment by pull request only: merge to \`${DEFAULT_BRANCH}\`, Argo CD syncs
(dev and staging automatically, prod when a release manager syncs), Argo Rollouts shifts traffic.
`;

/** The digests pinned per environment and service, e.g. `pins.dev.gateway`. */
export type Pins = Record<string, Record<string, string>>;

/** Every file of the repository for a set of pins. */
export function repositoryFiles(pins: Pins): RepositoryFiles {
  const files: RepositoryFiles = new Map();
  files.set('README.md', README);
  for (const instance of DEFAULT_INSTANCES) {
    files.set(`bootstrap/${instance.name}.yaml`, bootstrap(instance.name));
    files.set(
      `applicationsets/${instance.name}/services.yaml`,
      servicesApplicationSet(
        instance.name,
        instance.environments,
        DEMO_SERVICES.map(s => s.name),
      ),
    );
  }
  files.set('applicationsets/nonprod/previews.yaml', PREVIEWS_APPLICATION_SET);
  files.set(`projects/${ARGO_PROJECT}.yaml`, PROJECT);
  files.set('platform/argo-rollouts/kustomization.yaml', ROLLOUTS);
  files.set('platform/analysis/success-rate.yaml', SUCCESS_RATE);
  files.set('platform/analysis/smoke-test.yaml', SMOKE_TEST);
  files.set('platform/namespaces.yaml', namespaces());
  files.set('charts/service/Chart.yaml', LIBRARY_CHART);
  files.set('charts/service/templates/_service.tpl', LIBRARY_TEMPLATE);
  for (const [path, content] of ledgerBase()) {
    files.set(path, content);
  }
  for (const service of DEMO_SERVICES) {
    for (const environment of ENVIRONMENTS) {
      const digest = pins[environment][service.name];
      const folder = serviceFolder(environment, service.name);
      if (service.kind === 'kustomize') {
        files.set(
          `${folder}/kustomization.yaml`,
          kustomization(service, environment, digest),
        );
      } else {
        files.set(`${folder}/Chart.yaml`, helmChart(service, environment));
        files.set(`${folder}/templates/service.yaml`, HELM_ENTRY_TEMPLATE);
        files.set(
          `${folder}/values.yaml`,
          helmValues(service, environment, digest),
        );
      }
    }
    if (service.kind === 'helm') {
      files.set(
        `previews/${service.name}/values.yaml`,
        previewValues(service.name),
      );
    }
  }
  return files;
}
