import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type GateResult,
  gitopsPinCreatePermission,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import { branchNames } from '../branchNames';
import { notAtDigestGate } from '../gates/notAtDigestGate';
import { permissionGate } from '../gates/permissionGate';
import { actorOf } from './actorOf';
import type { ChangeContext, ChangeOutcome } from './ChangeContext';
import { planDigestChange } from './digestChange';
import {
  assertDigest,
  assertImageRepository,
  assertServiceFolderName,
} from './requestFields';

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
  assertServiceFolderName(input.service);
  const env = ctx.environment(input.environment, 'environment');
  assertDigest(input.digest);
  if (input.image !== undefined) assertImageRepository(input.image);
  const allowed = await ctx.authorizePin(credentials, input.dryRun);
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
  const title = `Pin ${service} in ${env.name} to ${shortDigest(digest)}`;
  const actor = actorOf(credentials);
  const change = planDigestChange(
    ctx,
    {
      type: 'pin',
      entityRef: null,
      service,
      from: null,
      env,
      target,
      digest,
      branch,
      actor,
      gates,
      baseSha,
      title,
      commitMessage: `${title}\n\nPins ${digest} (${
        target.repository ?? 'image'
      }) in ${env.name}, as requested by ${actor}.`,
      sourceCommit: null,
      applications: [],
      notes: [],
    },
    plannedAt,
  );
  return ctx.finish(input.dryRun, 'pin', change, gates);
}
