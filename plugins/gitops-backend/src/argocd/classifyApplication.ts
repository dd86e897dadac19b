import { GITOPS_ENVIRONMENT_LABEL } from '@gitops-portal/plugin-gitops-common';
import type { ValidatedApplication } from './schemas';

type ValidatedSource = NonNullable<ValidatedApplication['spec']['source']>;

/** Label that marks an Application as a preview environment. */
export const GITOPS_PREVIEW_LABEL = 'gitops/preview';

/** Name suffix of pull-request generated applications: `-pr-42`, `-preview-pr-42`. */
const PREVIEW_NAME_SUFFIX = /-(?:preview-)?pr-\d+$/;

/**
 * Where an Application belongs in the GitOps model.
 *
 * @public
 */
export interface ApplicationClassification {
  /** Environment from the source path (or the `gitops/environment` label), else null. */
  environment: string | null;
  /** Service folder from the source path (previews: from the name), else null. */
  service: string | null;
  /** Generated per pull request (ApplicationSet pull-request generator). */
  preview: boolean;
  /**
   * Index of the source that matched the layout (in `spec.sources`; 0 for `spec.source`), so
   * that the revision of the GitOps repository can be read from `status.sync.revisions`.
   */
  sourceIndex: number | null;
}

/**
 * Classifies Applications against the GitOps repository and its layout.
 *
 * @public
 */
export type ApplicationClassifier = (
  app: ValidatedApplication,
) => ApplicationClassification;

/**
 * Normalises a Git repository URL for comparison: no scheme, credentials, `.git` suffix or
 * trailing slash; lower case; SCP-like `git@host:path` as `host/path`; loopback host names as
 * one (`localhost`, `127.0.0.1` and `[::1]` serve the same local repositories).
 *
 * @public
 */
export function normalizeRepositoryUrl(url: string): string {
  let value = url.trim().toLowerCase();
  const scp = /^[^/@:]+@([^/:]+):(?!\/)(.*)$/.exec(value);
  if (scp) {
    value = `${scp[1]}/${scp[2]}`;
  } else {
    value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
    value = value.replace(/^[^/@]*@/, '');
  }
  value = value
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  value = value.replace(/^(?:127\.0\.0\.1|\[::1\])(?=[:/]|$)/, 'localhost');
  return value;
}

/** A path inside a repository without `./`, leading or trailing slashes. */
function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

/**
 * A matcher of the layout (e.g. `envs/{environment}/{service}`): a path matches when it is the
 * folder of one environment and service, or inside it.
 */
function layoutMatcher(
  layout: string,
): (path: string) => { environment: string; service: string } | null {
  const parts = normalizePath(layout).split(/(\{environment\}|\{service\})/);
  const source = parts
    .map(part => {
      if (part === '{environment}') return '(?<environment>[^/]+)';
      if (part === '{service}') return '(?<service>[^/]+)';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const regex = new RegExp(`^${source}(?:/.*)?$`);
  return path => {
    const match = regex.exec(normalizePath(path));
    const groups = match?.groups;
    if (!groups?.environment || !groups?.service) return null;
    if (groups.environment === '..' || groups.service === '..') return null;
    return { environment: groups.environment, service: groups.service };
  };
}

/**
 * Creates the classifier of one GitOps repository. An Application belongs to environment E
 * and service S when one of its sources is the GitOps repository (URLs compared normalised)
 * with a path inside the layout folder of E and S, or when one of its Helm value files is a
 * `$ref/...` path into such a folder of a source that is the GitOps repository. Otherwise the
 * label `gitops/environment` may name the environment. Applications with the label
 * `gitops/preview: "true"` or a `-pr-<N>` name suffix are previews.
 *
 * @public
 */
export function createApplicationClassifier(options: {
  repositoryUrl: string;
  layout: string;
}): ApplicationClassifier {
  const repository = normalizeRepositoryUrl(options.repositoryUrl);
  const matchLayout = layoutMatcher(options.layout);

  return app => {
    let sources: ValidatedSource[] = [];
    if (app.spec.sources?.length) sources = app.spec.sources;
    else if (app.spec.source) sources = [app.spec.source];
    const fromGitOps = sources.map(
      s => normalizeRepositoryUrl(s.repoURL) === repository,
    );

    const match = findLayoutMatch(sources, fromGitOps, matchLayout);
    const labels = app.metadata.labels ?? {};
    const preview =
      labels[GITOPS_PREVIEW_LABEL] === 'true' ||
      PREVIEW_NAME_SUFFIX.test(app.metadata.name);

    if (preview) {
      return {
        environment: null,
        service:
          match?.service ?? app.metadata.name.replace(PREVIEW_NAME_SUFFIX, ''),
        preview: true,
        sourceIndex: match?.sourceIndex ?? firstIndex(fromGitOps),
      };
    }
    if (match) {
      return {
        environment: match.environment,
        service: match.service,
        preview: false,
        sourceIndex: match.sourceIndex,
      };
    }
    return {
      environment: labels[GITOPS_ENVIRONMENT_LABEL] || null,
      service: null,
      preview: false,
      sourceIndex: firstIndex(fromGitOps),
    };
  };
}

type LayoutMatch = {
  environment: string;
  service: string;
  sourceIndex: number;
};

function findLayoutMatch(
  sources: ValidatedSource[],
  fromGitOps: boolean[],
  matchLayout: ReturnType<typeof layoutMatcher>,
): LayoutMatch | null {
  for (let index = 0; index < sources.length; index++) {
    const path = sources[index].path;
    if (!fromGitOps[index] || !path) continue;
    const match = matchLayout(path);
    if (match) return { ...match, sourceIndex: index };
  }
  // Multi-source Helm: `$values/envs/dev/web/values.yaml` with `ref: values` on the GitOps
  // repository's source.
  for (const source of sources) {
    for (const file of source.helm?.valueFiles ?? []) {
      const ref = /^\$([^/]+)\/(.+)$/.exec(file);
      if (!ref) continue;
      const refIndex = sources.findIndex(
        (s, i) => s.ref === ref[1] && fromGitOps[i],
      );
      if (refIndex < 0) continue;
      const match = matchLayout(ref[2]);
      if (match) return { ...match, sourceIndex: refIndex };
    }
  }
  return null;
}

function firstIndex(flags: boolean[]): number | null {
  const index = flags.indexOf(true);
  return index < 0 ? null : index;
}
