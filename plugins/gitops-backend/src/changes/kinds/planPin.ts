import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  type GateResult,
  gitopsPinCreatePermission,
  isDigest,
  isFolderName,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import { setPinDigest } from '../../pins/pinFile';
import { branchNames } from '../branchNames';
import { notAtDigestGate } from '../gates/notAtDigestGate';
import { permissionGate } from '../gates/permissionGate';
import { renderPullRequestBody } from '../prBody';
import { actorOf } from './actorOf';
import {
  type ChangeContext,
  type ChangeOutcome,
  IMAGE_REPOSITORY_PATTERN,
} from './ChangeContext';

/** A validated pin request. */
export interface PinInput {
  service: string;
  environment: string;
  digest: string;
  image?: string;
  dryRun?: boolean;
}

/**
 * `POST /v1/pins`: sets a given digest in the pin file of a service (named by its folder,
 * not by a catalog entity) in one environment.
 */
export async function planPin(
  ctx: ChangeContext,
  input: PinInput,
  credentials: BackstageCredentials,
): Promise<ChangeOutcome> {
  const plannedAt = new Date().toISOString();
  if (!isFolderName(input.service)) {
    throw new InputError(
      `Invalid service name ${JSON.stringify(
        input.service,
      )}: it must be one plain folder name`,
    );
  }
  const env = ctx.environment(input.environment, 'environment');
  if (!isDigest(input.digest)) {
    throw new InputError(
      `Invalid digest ${JSON.stringify(
        input.digest,
      )}: expected sha256: and 64 hex characters`,
    );
  }
  if (
    input.image !== undefined &&
    !IMAGE_REPOSITORY_PATTERN.test(input.image)
  ) {
    throw new InputError(
      `Invalid image repository ${JSON.stringify(input.image)}`,
    );
  }
  const allowed = await ctx.canPin(credentials);
  if (!allowed && !input.dryRun) {
    throw new NotAllowedError(
      `Missing permission ${gitopsPinCreatePermission.name}`,
    );
  }
  const { service, digest } = input;
  const baseSha = await ctx.baseHead();
  const target = await ctx.requirePin(
    ctx.folder(env.name, service),
    baseSha,
    service,
    input.image,
  );
  if (input.image && target.repository && target.repository !== input.image) {
    throw new InputError(
      `${target.path} pins ${target.repository}, not ${input.image}`,
    );
  }
  const branch = branchNames.pin(service, env.name, digest);
  const found = await ctx.existing(branch, plannedAt, input.dryRun);
  if (found) return found;
  const gates: GateResult[] = [
    notAtDigestGate(env.name, target.digest, digest),
    permissionGate(
      allowed,
      gitopsPinCreatePermission.name,
      `${service} in ${env.name}`,
    ),
  ];
  const content =
    target.digest === digest
      ? target.file.content
      : setPinDigest(
          target.path,
          target.file.content,
          { service, image: target.repository ?? undefined },
          digest,
        );
  const title = `Pin ${service} in ${env.name} to ${shortDigest(digest)}`;
  const actor = actorOf(credentials);
  const change = ctx.change(
    {
      record: {
        type: 'pin',
        entityRef: null,
        service,
        from: null,
        to: env.name,
        digest,
        previousDigest: target.digest,
        branch,
        createdBy: actor,
        gates,
      },
      baseSha,
      files: [
        { path: target.path, content, previousContent: target.file.content },
      ],
      title,
      commitMessage: `${title}\n\nPins ${digest} (${
        target.repository ?? 'image'
      }) in ${env.name}, as requested by ${actor}.`,
      body: renderPullRequestBody({
        kind: 'pin',
        service,
        entityRef: null,
        from: null,
        to: env.name,
        digest,
        previousDigest: target.digest,
        sourceCommit: null,
        repositoryUrl: ctx.options.provider.webUrl,
        files: [target.path],
        gates,
        applications: [],
        requestedBy: actor,
        approvals: env.approvals,
        autoMerge: ctx.autoMerge(env),
        notes: [],
      }),
      labels: ['gitops', 'pin', `env:${env.name}`],
      autoMerge: ctx.autoMerge(env),
    },
    plannedAt,
  );
  return ctx.finish(input.dryRun, 'pin', change, gates);
}
