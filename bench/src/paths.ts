import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** A path inside the bench package (its entry points, its results folder). */
export function benchPath(...segments: string[]): string {
  return resolvePackagePath('@gitops-portal/bench', ...segments);
}
