import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { changeOutputSchema } from './outputs';
import { examples } from './promote.examples';
import { submitChange } from './submitChange';
import { requireEntityRef, requireFolderName } from './validation';

/**
 * `gitops:promote`: opens the pull request that promotes an entity's image digest from one
 * environment to the next, through the GitOps backend and as the template's user, so the same
 * gates and permissions apply as in the GitOps tab.
 *
 * @public
 */
export function createGitOpsPromoteAction(options: {
  client: Pick<GitOpsBackendClient, 'promote'>;
}) {
  return createTemplateAction({
    id: 'gitops:promote',
    description:
      'Opens a GitOps pull request that promotes the digest of an entity from one environment to the next (gates and permissions as in the GitOps tab)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'Catalog entity to promote, e.g. component:default/gateway (it names its service with the gitops/service annotation)',
            ),
        to: z =>
          z
            .string()
            .min(1)
            .describe('Environment to promote into, e.g. staging'),
        from: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'Environment whose digest is promoted; defaults to the one before `to` in the promotion order',
            ),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const entityRef = requireEntityRef(ctx.input.entityRef);
      const to = requireFolderName(ctx.input.to, 'to');
      const from =
        ctx.input.from === undefined
          ? undefined
          : requireFolderName(ctx.input.from, 'from');
      if (from === to) {
        throw new InputError(`from and to are both '${to}'`);
      }
      await submitChange(ctx, {
        checkpointKey: `gitops.promote.${entityRef}.${to}`,
        what: `promote ${entityRef}${from ? ` from ${from}` : ''} to ${to}`,
        send: (credentials, dryRun) =>
          options.client.promote(
            { entityRef, to, ...(from ? { from } : {}), dryRun },
            credentials,
          ),
      });
    },
  });
}
