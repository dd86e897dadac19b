import { InstanceDefinition } from '../demo';
import { SyntheticApp } from './SyntheticApp';

/** The instances of the scale mode: the two default ones, then `group-03`, `group-04`, … */
export function scaledInstances(
  defaults: InstanceDefinition[],
  count: number,
): InstanceDefinition[] {
  const out = [...defaults];
  for (let i = defaults.length; i < count; i++) {
    const name = `group-${String(i + 1).padStart(2, '0')}`;
    out.push({
      name,
      environments: [`prod-${String(i + 1).padStart(2, '0')}`],
    });
  }
  return out;
}

/**
 * The synthetic applications of one instance, spread the way fleets are: a window of services
 * that shifts by 40% of the window from one instance to the next, so most services run on two
 * or three instances; one slot in twenty is a preview application of an open pull request.
 */
export function syntheticAppsOf(options: {
  instanceIndex: number;
  instanceCount: number;
  instance: InstanceDefinition;
  appsPerInstance: number;
  repoURL: string;
}): SyntheticApp[] {
  const {
    instanceIndex,
    instanceCount,
    instance,
    appsPerInstance: m,
  } = options;
  const step = Math.max(1, Math.ceil(m / 2.5));
  const services = Math.max(m, step * instanceCount);
  const apps: SyntheticApp[] = [];
  const envs = instance.environments;
  for (let j = 0; j < m; j++) {
    const k = (instanceIndex * step + j) % services;
    const service = `svc-${String(k).padStart(5, '0')}`;
    if (j % 20 === 19 && envs.includes('dev')) {
      const number = 1000 + j;
      apps.push(
        new SyntheticApp(
          `${service}-preview-pr-${number}`,
          instance.name,
          service,
          'dev',
          options.repoURL,
          number,
        ),
      );
      continue;
    }
    const environment = envs[k % envs.length];
    apps.push(
      new SyntheticApp(
        `${service}-${environment}`,
        instance.name,
        service,
        environment,
        options.repoURL,
      ),
    );
  }
  return apps;
}
