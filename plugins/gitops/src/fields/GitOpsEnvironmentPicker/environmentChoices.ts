import {
  type EntityGitOpsStatus,
  type GitOpsPublicConfig,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';

/** One environment the picker offers. */
export interface EnvironmentChoice {
  name: string;
  /** The environment a promotion into this one takes its digest from. */
  from: string | null;
  /** Shown under the name, e.g. "from dev: 3f2a9c1e8b7d → 9b1e3f5a7c9d". */
  detail: string | null;
}

/** What the picker is asked to offer. */
export interface EnvironmentChoiceOptions {
  /** Only environments the entity can be promoted into. */
  promotionTargets?: boolean;
  /** Only these environments (still in promotion order). */
  allowed?: string[];
}

/**
 * The environments to offer, in promotion order.
 *
 * Every configured environment by default. With `promotionTargets`, only environments that come
 * after another one; when the entity's status is known, also only those whose source environment
 * pins a digest that differs from theirs (otherwise there is nothing to promote).
 */
export function environmentChoices(
  config: GitOpsPublicConfig,
  options: EnvironmentChoiceOptions,
  status?: EntityGitOpsStatus,
): EnvironmentChoice[] {
  const names = config.environments.map(e => e.name);
  const pinOf = (name: string) =>
    status?.environments.find(e => e.name === name)?.desired?.digest ?? null;

  const choices: EnvironmentChoice[] = [];
  names.forEach((name, index) => {
    if (options.allowed && !options.allowed.includes(name)) {
      return;
    }
    if (!options.promotionTargets) {
      choices.push({ name, from: null, detail: null });
      return;
    }
    if (index === 0) {
      return;
    }
    const from = names[index - 1];
    if (!status) {
      choices.push({ name, from, detail: `from ${from}` });
      return;
    }
    const source = pinOf(from);
    const target = pinOf(name);
    if (!source || source === target) {
      return;
    }
    const current = target ? shortDigest(target) : 'nothing';
    choices.push({
      name,
      from,
      detail: `from ${from}: ${current} → ${shortDigest(source)}`,
    });
  });
  return choices;
}
