import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type GateResult,
  gitopsPromotionCreatePermission,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsEnvironmentConfig } from '../../config/GitOpsConfig';
import { readServicePin, type ServicePin } from '../../pins/readServicePin';
import { branchNames } from '../branchNames';
import { GateFailedError } from '../GateFailedError';
import { GATE } from '../gates/gateNames';
import { notAtDigestGate } from '../gates/notAtDigestGate';
import { permissionGate } from '../gates/permissionGate';
import { sourceDigestGate } from '../gates/sourceDigestGate';
import { sourceHealthGate } from '../gates/sourceHealthGate';
import { syncWindowGate } from '../gates/syncWindowGate';
import { actorOf } from './actorOf';
import type { ChangeContext, ChangeOutcome } from './ChangeContext';
import { planDigestChange } from './digestChange';

/** A validated promotion request. */
export interface PromotionInput {
  entityRef: string;
  to: string;
  from?: string;
  dryRun?: boolean;
}

/** The last commit that touched a pin file, as of `ref`. */
async function lastCommit(
  ctx: ChangeContext,
  pin: ServicePin,
  ref: string,
): Promise<string | null> {
  const [last] = await ctx.options.provider.listCommits(pin.path, {
    ref,
    page: 1,
    perPage: 1,
  });
  return last?.sha ?? null;
}

/**
 * `POST /v1/promotions`: moves the digest pinned in the source environment (by default the
 * one before `to`) into the target environment's pin file.
 */
export async function planPromotion(
  ctx: ChangeContext,
  input: PromotionInput,
  credentials: BackstageCredentials,
): Promise<ChangeOutcome> {
  const plannedAt = new Date().toISOString();
  const toEnv = ctx.environment(input.to, 'to');
  const toIndex = ctx.environments.indexOf(toEnv);
  let fromEnv: GitOpsEnvironmentConfig;
  if (input.from !== undefined) {
    fromEnv = ctx.environment(input.from, 'from');
    if (ctx.environments.indexOf(fromEnv) >= toIndex) {
      throw new InputError(
        `Cannot promote from ${fromEnv.name} to ${toEnv.name}: ${
          toEnv.name
        } does not come after ${fromEnv.name} (${ctx.environments
          .map(e => e.name)
          .join(' → ')})`,
      );
    }
  } else {
    if (toIndex === 0) {
      throw new InputError(
        `${toEnv.name} is the first environment; nothing promotes into it (pin a digest instead)`,
      );
    }
    fromEnv = ctx.environments[toIndex - 1];
  }
  const { entity, ref, service } = await ctx.loadEntity(
    input.entityRef,
    credentials,
  );
  const allowed = await ctx.authorizeInEnvironment(
    gitopsPromotionCreatePermission,
    { entity, ref, environment: toEnv.name },
    credentials,
    input.dryRun,
  );

  const baseSha = await ctx.baseHead();
  const fromFolder = ctx.folder(fromEnv.name, service);
  const toFolder = ctx.folder(toEnv.name, service);
  const [source, target] = await Promise.all([
    readServicePin(ctx.options.provider, fromFolder, baseSha, { service }),
    ctx.requirePin(toFolder, baseSha, service),
  ]);
  const digest = source?.digest ?? null;
  if (
    digest &&
    source?.repository &&
    target.repository &&
    source.repository !== target.repository
  ) {
    throw new InputError(
      `${source.path} pins ${source.repository} but ${target.path} pins ${target.repository}; promote between folders of the same image`,
    );
  }
  const branch = digest
    ? branchNames.promotion(service, toEnv.name, digest)
    : '';
  if (digest) {
    const found = await ctx.existing(branch, plannedAt, input.dryRun);
    if (found) return found;
  }

  const status = await ctx.status(entity);
  const sourceStatus = status.environments.find(e => e.name === fromEnv.name);
  const targetStatus = status.environments.find(e => e.name === toEnv.name);
  const gates: GateResult[] = [
    sourceDigestGate(fromEnv.name, digest, sourceStatus),
    sourceHealthGate(fromEnv.name, sourceStatus),
    syncWindowGate(toEnv.name, targetStatus, { blocking: true }),
    digest
      ? notAtDigestGate(toEnv.name, target.digest, digest)
      : {
          name: GATE.notAtDigest,
          passed: false,
          message: `${fromEnv.name} pins no digest to promote`,
        },
    permissionGate(
      allowed,
      gitopsPromotionCreatePermission.name,
      `${ref} in ${toEnv.name}`,
    ),
  ];
  if (!digest) {
    if (input.dryRun) {
      return {
        kind: 'plan',
        plan: {
          type: 'promotion',
          branch: '',
          title: `Promote ${service} to ${toEnv.name}`,
          files: [],
          gates,
          digest: null,
          previousDigest: target.digest,
        },
      };
    }
    throw new GateFailedError(gates);
  }

  const sourceCommit = await lastCommit(ctx, source!, baseSha);
  const title = `Promote ${service} to ${toEnv.name} (${shortDigest(digest)})`;
  const actor = actorOf(credentials);
  const change = planDigestChange(
    ctx,
    {
      type: 'promotion',
      entityRef: ref,
      service,
      from: fromEnv.name,
      env: toEnv,
      target,
      digest,
      branch,
      actor,
      gates,
      baseSha,
      title,
      commitMessage: `${title}\n\nPromotes ${digest}\nfrom ${fromEnv.name} (${
        source!.path
      } at ${sourceCommit ?? baseSha})\nto ${
        toEnv.name
      }, as requested by ${actor}.`,
      sourceCommit: sourceCommit ?? baseSha,
      applications: [
        ...ctx.applicationsOf(status, fromEnv.name),
        ...ctx.applicationsOf(status, toEnv.name),
      ],
      notes: [],
    },
    plannedAt,
  );
  return ctx.finish(input.dryRun, 'promotion', change, gates);
}
