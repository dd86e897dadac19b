import type { BenchEntity } from '../views/types';
import type { ListedApplication, SandboxClient } from './SandboxClient';

/** The label that ties an application to its service (the sandbox sets it on every app). */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

function byName(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Groups applications by service, sorted by service name. */
export function servicesOf(applications: ListedApplication[]): BenchEntity[] {
  const byService = new Map<string, BenchEntity>();
  for (const app of applications) {
    const service = app.labels[PART_OF_LABEL];
    if (!service) continue;
    let entity = byService.get(service);
    if (!entity) {
      entity = {
        name: service,
        selector: `${PART_OF_LABEL}=${service}`,
        instances: [],
        applications: [],
      };
      byService.set(service, entity);
    }
    entity.applications.push({ instance: app.instance, name: app.name });
    if (!entity.instances.includes(app.instance)) {
      entity.instances.push(app.instance);
    }
  }
  return [...byService.values()].sort((a, b) => byName(a.name, b.name));
}

/** `count` items spread evenly over the list (all of them when it is shorter). */
export function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, i) => items[Math.floor((i * items.length) / count)],
  );
}

/**
 * The benchmark's entities: services of the configured instances' applications (from the
 * sandbox's own Argo CD API), `count` of them spread evenly over the sorted service names.
 */
export async function discoverEntities(
  sandbox: SandboxClient,
  instances: string[],
  count: number,
): Promise<{
  entities: BenchEntity[];
  services: number;
  applications: number;
}> {
  const lists = await Promise.all(
    instances.map(i => sandbox.listApplications(i)),
  );
  const applications = lists.flat();
  const services = servicesOf(applications);
  return {
    entities: spread(services, count),
    services: services.length,
    applications: applications.length,
  };
}
