import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isFolderName } from '@gitops-portal/plugin-gitops-common';
import { z } from 'zod';

const environmentSchema = z
  .object({
    name: z.string().refine(isFolderName, 'must be a plain folder name'),
    autoMerge: z.boolean().default(false),
    approvals: z.number().int().min(0).default(0),
  })
  // The one rule of auto-merge: an environment that needs approvals never merges by itself,
  // whatever `autoMerge` says. Everything downstream reads the effective value.
  .transform(env => ({
    ...env,
    autoMerge: env.autoMerge && env.approvals === 0,
  }));

const instanceSchema = z
  .object({
    name: z.string().min(1),
    url: z.url(),
    frontendUrl: z.url().optional(),
    token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    timeout: z.number().int().positive().default(5000),
    listTimeout: z.number().int().positive().optional(),
    appNamespaces: z.array(z.string()).default([]),
  })
  .refine(i => i.token || (i.username && i.password), {
    message: 'needs a token, or a username and a password',
  });

const configSchema = z.object({
  repository: z.object({
    url: z.url(),
    branch: z.string().min(1).default('main'),
    layout: z
      .string()
      .default('envs/{environment}/{service}')
      .refine(
        l => l.includes('{environment}') && l.includes('{service}'),
        'must contain {environment} and {service}',
      ),
    minWriteIntervalMs: z.number().int().min(0).default(1000),
  }),
  environments: z
    .array(environmentSchema)
    .min(1)
    .refine(
      envs => new Set(envs.map(e => e.name)).size === envs.length,
      'environment names must be unique',
    ),
  argocd: z
    .object({
      instances: z
        .array(instanceSchema)
        .refine(
          list => new Set(list.map(i => i.name)).size === list.length,
          'instance names must be unique',
        ),
      fullListIntervalSeconds: z.number().int().positive().default(300),
      watchIdleTimeoutSeconds: z.number().int().positive().default(120),
    })
    .default({
      instances: [],
      fullListIntervalSeconds: 300,
      watchIdleTimeoutSeconds: 120,
    }),
  recordsReconcileIntervalSeconds: z.number().int().positive().default(30),
});

/**
 * The validated `gitops` configuration block.
 *
 * @public
 */
export type GitOpsConfig = z.infer<typeof configSchema>;

/**
 * One configured environment.
 *
 * @public
 */
export type GitOpsEnvironmentConfig = GitOpsConfig['environments'][number];

/**
 * One configured Argo CD instance (holds secrets: never send it anywhere).
 *
 * @public
 */
export type ArgoCdInstanceConfig = GitOpsConfig['argocd']['instances'][number];

/**
 * Reads and validates the `gitops` block. Errors name the key at fault and never echo values,
 * since some of them are secrets.
 *
 * @public
 */
export function readGitOpsConfig(config: Config): GitOpsConfig {
  const raw = config.getOptional('gitops');
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map(issue => `gitops.${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid GitOps configuration: ${problems}`);
  }
  return parsed.data;
}
