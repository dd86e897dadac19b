import type {
  EnvironmentStatus,
  GitOpsPublicConfig,
} from '@gitops-portal/plugin-gitops-common';

/**
 * The entity's environments in promotion order: the configured order first, then
 * environments the config does not name, then applications whose environment is unknown.
 */
export function orderEnvironments(
  environments: EnvironmentStatus[],
  config?: GitOpsPublicConfig,
): EnvironmentStatus[] {
  const order = new Map(
    (config?.environments ?? []).map((e, index) => [e.name, index]),
  );
  const rank = (env: EnvironmentStatus, index: number) => {
    if (env.name === null) return Number.MAX_SAFE_INTEGER;
    return order.get(env.name) ?? order.size + index;
  };
  return environments
    .map((env, index) => ({ env, rank: rank(env, index) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ env }) => env);
}

/**
 * Adjacent pairs of the ordered environments a digest can be promoted between
 * (dev → staging, staging → prod). With a config, only configured environments take part;
 * environments whose name is unknown never do.
 */
export function promotionPairs(
  ordered: EnvironmentStatus[],
  config?: GitOpsPublicConfig,
): Array<{ from: string; to: string }> {
  const configured = config && new Set(config.environments.map(e => e.name));
  const named = ordered.filter(
    e => e.name !== null && (!configured || configured.has(e.name)),
  );
  return named.slice(1).map((to, index) => ({
    from: named[index].name!,
    to: to.name!,
  }));
}

/** Display name of an environment; applications without one are grouped as "Unassigned". */
export function environmentLabel(name: string | null): string {
  return name ?? 'Unassigned';
}

/** A stable React key for a target. */
export function targetKey(target: {
  instance: string;
  cluster: string;
  application: { namespace: string; name: string };
}): string {
  return `${target.instance}/${target.cluster}/${target.application.namespace}/${target.application.name}`;
}
