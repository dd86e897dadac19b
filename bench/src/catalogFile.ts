import { stringify } from 'yaml';
import type { ProcessKind } from './backends';
import type { BenchEntity } from './views/types';

/**
 * The catalog file of one backend: one Component per benchmark entity, annotated as that
 * plugin's README says: `gitops/service` for ours; `argocd/app-selector` for the peers, plus
 * `argocd/instance-name` for the community plugin (its README advises it "for better
 * performance"; Roadie's plugin has no such annotation). The baseline gets the peers' file.
 */
export function catalogFile(
  kind: ProcessKind,
  entities: BenchEntity[],
): string {
  return entities
    .map(entity => {
      const annotations: Record<string, string> =
        kind === 'ours'
          ? { 'gitops/service': entity.name }
          : { 'argocd/app-selector': entity.selector };
      if (kind === 'community') {
        annotations['argocd/instance-name'] = entity.instances.join(',');
      }
      return stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: entity.name, annotations },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-bench' },
      });
    })
    .join('---\n');
}
