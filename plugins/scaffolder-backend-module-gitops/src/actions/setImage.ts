import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { changeOutputSchema } from './outputs';
import { examples } from './setImage.examples';
import { submitChange } from './submitChange';
import {
  requireDigest,
  requireFolderName,
  requireImageRepository,
} from './validation';

/**
 * `gitops:set-image`: opens the pull request that pins an image digest for a service in one
 * environment (what a release template or CI pipeline does after building and signing an image).
 *
 * @public
 */
export function createGitOpsSetImageAction(options: {
  client: Pick<GitOpsBackendClient, 'pin'>;
}) {
  return createTemplateAction({
    id: 'gitops:set-image',
    description:
      'Opens a GitOps pull request that pins an image digest for a service in one environment',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              'Service folder in the GitOps repository (envs/<environment>/<service>/), e.g. gateway',
            ),
        environment: z =>
          z.string().min(1).describe('Environment to pin, e.g. dev'),
        digest: z =>
          z
            .string()
            .describe('Image digest to pin: sha256: and 64 lowercase hex'),
        image: z =>
          z
            .string()
            .optional()
            .describe(
              'Image repository without tag, e.g. ghcr.io/acme/gateway; required when the folder names none yet',
            ),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const service = requireFolderName(ctx.input.service, 'service');
      const environment = requireFolderName(
        ctx.input.environment,
        'environment',
      );
      const digest = requireDigest(ctx.input.digest);
      const image = ctx.input.image
        ? requireImageRepository(ctx.input.image)
        : undefined;
      await submitChange(ctx, {
        checkpointKey: `gitops.set-image.${service}.${environment}.${digest}`,
        what: `pin ${digest} for ${service} in ${environment}`,
        send: (credentials, dryRun) =>
          options.client.pin(
            {
              service,
              environment,
              digest,
              ...(image ? { image } : {}),
              dryRun,
            },
            credentials,
          ),
      });
    },
  });
}
