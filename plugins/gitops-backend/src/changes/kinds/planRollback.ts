import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type GateResult,
  gitopsRollbackCreatePermission,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import { branchNames } from '../branchNames';
import { notAtDigestGate } from '../gates/notAtDigestGate';
import { permissionGate } from '../gates/permissionGate';
import { syncWindowGate } from '../gates/syncWindowGate';
import { actorOf } from './actorOf';
import type { ChangeContext, ChangeOutcome } from './ChangeContext';
import { planDigestChange } from './digestChange';
import { assertDigest } from './requestFields';

/** A validated rollback request. */
export interface RollbackInput {
  entityRef: string;
  environment: string;
  digest?: string;
  dryRun?: boolean;
}

/**
 * `POST /v1/rollbacks`: pins an earlier digest again in one environment (the given one, or
 * the previous distinct digest of the pin history). A sync window warns but does not block.
 */
export async function planRollback(
  ctx: ChangeContext,
  input: RollbackInput,
  credentials: BackstageCredentials,
): Promise<ChangeOutcome> {
  const plannedAt = new Date().toISOString();
  const env = ctx.environment(input.environment, 'environment');
  if (input.digest !== undefined) assertDigest(input.digest);
  const { entity, ref, service } = await ctx.loadEntity(
    input.entityRef,
    credentials,
  );
  const allowed = await ctx.authorizeInEnvironment(
    gitopsRollbackCreatePermission,
    { entity, ref, environment: env.name },
    credentials,
    input.dryRun,
  );
  const baseSha = await ctx.baseHead();
  const target = await ctx.requirePin(
    ctx.folder(env.name, service),
    baseSha,
    service,
  );
  const digest =
    input.digest ??
    (await ctx.options.history.previousDistinctDigest(
      service,
      env.name,
      target.digest,
    ));
  if (!digest) {
    throw new InputError(
      `${target.path} has no earlier digest in its history to roll back to; give a digest`,
    );
  }
  const branch = branchNames.rollback(service, env.name, digest);
  const found = await ctx.existing(branch, plannedAt, input.dryRun);
  if (found) return found;

  const status = await ctx.status(entity);
  const targetStatus = status.environments.find(e => e.name === env.name);
  const windowGate = syncWindowGate(env.name, targetStatus, {
    blocking: false,
  });
  const gates: GateResult[] = [
    notAtDigestGate(env.name, target.digest, digest),
    windowGate,
    permissionGate(
      allowed,
      gitopsRollbackCreatePermission.name,
      `${ref} in ${env.name}`,
    ),
  ];
  const windowActive = targetStatus?.targets.some(
    t => t.syncWindows && !t.syncWindows.canSync,
  );
  const title = `Roll back ${service} in ${env.name} to ${shortDigest(digest)}`;
  const actor = actorOf(credentials);
  const change = planDigestChange(
    ctx,
    {
      type: 'rollback',
      entityRef: ref,
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
      commitMessage: `${title}\n\nPins ${digest} again in ${env.name} (was ${
        target.digest ?? 'nothing'
      }), as requested by ${actor}.`,
      sourceCommit: null,
      applications: ctx.applicationsOf(status, env.name),
      notes: windowActive
        ? [`⚠️ A sync window is active on ${env.name}: ${windowGate.message}.`]
        : [],
    },
    plannedAt,
  );
  return ctx.finish(input.dryRun, 'rollback', change, gates);
}
