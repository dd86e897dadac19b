import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { InputError } from '@backstage/errors';
import { changeOutputSchema } from './outputs';
import { examples } from './onboardService.examples';
import { submitChange } from './submitChange';
import {
  requireDigest,
  requireEnvironmentList,
  requireFolderName,
  requireImageRepository,
} from './validation';

const FORMATS = ['helm', 'kustomize'] as const;

/**
 * `gitops:onboard-service`: opens one pull request that creates `envs/<env>/<service>/` for each
 * environment and adds the service to the Application/ApplicationSet entries the repository's
 * layout uses, so Argo CD picks it up after the merge.
 *
 * @public
 */
export function createGitOpsOnboardServiceAction(options: {
  client: Pick<GitOpsBackendClient, 'onboard'>;
}) {
  return createTemplateAction({
    id: 'gitops:onboard-service',
    description:
      'Opens one GitOps pull request that creates a service folder per environment and registers the service with Argo CD',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              'Service (folder) name to create, e.g. payments: lowercase letters, digits, ".", "_" and "-"',
            ),
        image: z =>
          z
            .string()
            .min(1)
            .describe(
              'Image repository without tag, e.g. ghcr.io/acme/payments',
            ),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Environments to onboard to; defaults to every configured environment',
            ),
        digest: z =>
          z
            .string()
            .optional()
            .describe(
              'Initial image digest to pin everywhere (sha256:<64 hex>); left out, the folders pin none yet',
            ),
        format: z =>
          z
            .enum(FORMATS)
            .optional()
            .describe(
              'How the folders describe the service: helm (values.yaml) or kustomize (overlay); defaults to helm',
            ),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const service = requireFolderName(ctx.input.service, 'service');
      const image = requireImageRepository(ctx.input.image);
      const environments = requireEnvironmentList(ctx.input.environments);
      const digest = ctx.input.digest
        ? requireDigest(ctx.input.digest)
        : undefined;
      const format = ctx.input.format || undefined;
      if (format !== undefined && !FORMATS.includes(format)) {
        throw new InputError(
          `format '${String(format)}' is not one of ${FORMATS.join(', ')}`,
        );
      }
      await submitChange(ctx, {
        checkpointKey: `gitops.onboard-service.${service}`,
        what: `onboard ${service} to ${
          environments ? environments.join(', ') : 'every environment'
        }`,
        send: (credentials, dryRun) =>
          options.client.onboard(
            {
              service,
              image,
              ...(environments ? { environments } : {}),
              ...(digest ? { digest } : {}),
              ...(format ? { format } : {}),
              dryRun,
            },
            credentials,
          ),
      });
    },
  });
}
