import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { changeOutputSchema } from './outputs';
import { examples } from './rollback.examples';
import { submitChange } from './submitChange';
import {
  requireDigest,
  requireEntityRef,
  requireFolderName,
} from './validation';

/**
 * `gitops:rollback`: opens the pull request that pins an earlier digest of an entity in one
 * environment, through the GitOps backend and as the template's user.
 *
 * @public
 */
export function createGitOpsRollbackAction(options: {
  client: Pick<GitOpsBackendClient, 'rollback'>;
}) {
  return createTemplateAction({
    id: 'gitops:rollback',
    description:
      'Opens a GitOps pull request that rolls an entity back to an earlier digest in one environment',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'Catalog entity to roll back, e.g. component:default/gateway',
            ),
        environment: z =>
          z.string().min(1).describe('Environment to roll back, e.g. prod'),
        digest: z =>
          z
            .string()
            .optional()
            .describe(
              'Digest to go back to (sha256:<64 hex>); defaults to the previous distinct digest of the environment',
            ),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const entityRef = requireEntityRef(ctx.input.entityRef);
      const environment = requireFolderName(
        ctx.input.environment,
        'environment',
      );
      // An empty string is what a template renders for an unset optional parameter.
      const digest = ctx.input.digest
        ? requireDigest(ctx.input.digest)
        : undefined;
      await submitChange(ctx, {
        checkpointKey: `gitops.rollback.${entityRef}.${environment}.${
          digest ?? 'previous'
        }`,
        what: `roll ${entityRef} back in ${environment}${
          digest ? ` to ${digest}` : ''
        }`,
        send: (credentials, dryRun) =>
          options.client.rollback(
            { entityRef, environment, ...(digest ? { digest } : {}), dryRun },
            credentials,
          ),
      });
    },
  });
}
