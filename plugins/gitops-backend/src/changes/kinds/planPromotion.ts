import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  type GateResult,
  gitopsPromotionCreatePermission,
  shortDigest,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsEnvironmentConfig } from '../../config/GitOpsConfig';
import { setPinDigest } from '../../pins/pinFile';
import { readServicePin, type ServicePin } from '../../pins/readServicePin';
import { branchNames } from '../branchNames';
import { GateFailedError } from '../GateFailedError';
import { GATE } from '../gates/gateNames';
import { notAtDigestGate } from '../gates/notAtDigestGate';
import { permissionGate } from '../gates/permissionGate';
import { sourceDigestGate } from '../gates/sourceDigestGate';
import { sourceHealthGate } from '../gates/sourceHealthGate';
import { syncWindowGate } from '../gates/syncWindowGate';
import { renderPullRequestBody } from '../prBody';
import { actorOf } from './actorOf';
import type { ChangeContext, ChangeOutcome } from './ChangeContext';

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
  const allowed = await ctx.options.entityAccess.can(
    gitopsPromotionCreatePermission,
    { entity, environment: toEnv.name },
    credentials,
  );
  if (!allowed && !input.dryRun) {
    throw new NotAllowedError(
      `Missing permission ${gitopsPromotionCreatePermission.name} on ${ref} in environment ${toEnv.name}`,
    );
  }

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
  const content =
    target.digest === digest
      ? target.file.content
      : setPinDigest(
          target.path,
          target.file.content,
          { service, image: target.repository ?? undefined },
          digest,
        );
  const actor = actorOf(credentials);
  const change = ctx.change(
    {
      record: {
        type: 'promotion',
        entityRef: ref,
        service,
        from: fromEnv.name,
        to: toEnv.name,
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
      commitMessage: `${title}\n\nPromotes ${digest}\nfrom ${fromEnv.name} (${
        source!.path
      } at ${sourceCommit ?? baseSha})\nto ${
        toEnv.name
      }, as requested by ${actor}.`,
      body: renderPullRequestBody({
        kind: 'promotion',
        service,
        entityRef: ref,
        from: fromEnv.name,
        to: toEnv.name,
        digest,
        previousDigest: target.digest,
        sourceCommit: sourceCommit ?? baseSha,
        repositoryUrl: ctx.options.provider.webUrl,
        files: [target.path],
        gates,
        applications: [
          ...ctx.applicationsOf(status, fromEnv.name),
          ...ctx.applicationsOf(status, toEnv.name),
        ],
        requestedBy: actor,
        approvals: toEnv.approvals,
        autoMerge: ctx.autoMerge(toEnv),
        notes: [],
      }),
      labels: ['gitops', 'promotion', `env:${toEnv.name}`],
      autoMerge: ctx.autoMerge(toEnv),
    },
    plannedAt,
  );
  return ctx.finish(input.dryRun, 'promotion', change, gates);
}
