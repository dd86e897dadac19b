import type {
  ApplicationRef,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';
import type { GitOpsEnvironmentConfig } from '../../config/GitOpsConfig';
import { setPinDigest } from '../../pins/pinFile';
import type { ServicePin } from '../../pins/readServicePin';
import type { PlannedChange } from '../ChangeWriter';
import { renderPullRequestBody } from '../prBody';
import type { ChangeContext } from './ChangeContext';

/** What a change of the digest in one environment's pin file is made of. */
export interface DigestChangeParts {
  type: 'promotion' | 'rollback' | 'pin';
  entityRef: string | null;
  service: string;
  /** The source environment (promotions), else null. */
  from: string | null;
  /** The environment whose pin file changes. */
  env: GitOpsEnvironmentConfig;
  /** The pin file as read at `baseSha`. */
  target: ServicePin;
  digest: string;
  branch: string;
  actor: string;
  gates: GateResult[];
  baseSha: string;
  title: string;
  commitMessage: string;
  sourceCommit: string | null;
  applications: ApplicationRef[];
  notes: string[];
}

/**
 * The planned change that sets `digest` in the target pin file (left as it is when it pins
 * that digest already): the record, the one file, the pull request body, labels and merge mode.
 */
export function planDigestChange(
  ctx: ChangeContext,
  parts: DigestChangeParts,
  plannedAt: string,
): PlannedChange {
  const { type, entityRef, service, from, env, target, digest } = parts;
  const content =
    target.digest === digest
      ? target.file.content
      : setPinDigest(
          target.path,
          target.file.content,
          { service, image: target.repository ?? undefined },
          digest,
        );
  const autoMerge = env.autoMerge;
  return ctx.change(
    {
      record: {
        type,
        entityRef,
        service,
        from,
        to: env.name,
        digest,
        previousDigest: target.digest,
        branch: parts.branch,
        createdBy: parts.actor,
        gates: parts.gates,
      },
      baseSha: parts.baseSha,
      files: [
        { path: target.path, content, previousContent: target.file.content },
      ],
      title: parts.title,
      commitMessage: parts.commitMessage,
      body: renderPullRequestBody({
        kind: type,
        service,
        entityRef,
        from,
        to: env.name,
        digest,
        previousDigest: target.digest,
        sourceCommit: parts.sourceCommit,
        repositoryUrl: ctx.options.provider.webUrl,
        files: [target.path],
        gates: parts.gates,
        applications: parts.applications,
        requestedBy: parts.actor,
        approvals: env.approvals,
        autoMerge,
        notes: parts.notes,
      }),
      labels: ['gitops', type, `env:${env.name}`],
      autoMerge,
    },
    plannedAt,
  );
}
