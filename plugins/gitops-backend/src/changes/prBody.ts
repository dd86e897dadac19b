import type {
  ApplicationRef,
  GateResult,
} from '@gitops-portal/plugin-gitops-common';

/**
 * What the description of a change's pull request shows.
 *
 * @public
 */
export interface PullRequestBodyInput {
  kind: 'promotion' | 'rollback' | 'pin' | 'onboarding';
  service: string;
  entityRef: string | null;
  from: string | null;
  to: string;
  digest: string | null;
  previousDigest: string | null;
  /** The commit of the source environment's pin (promotions). */
  sourceCommit: string | null;
  /** Link base for commits, e.g. the repository's web URL. */
  repositoryUrl: string;
  files: string[];
  gates: GateResult[];
  applications: ApplicationRef[];
  requestedBy: string;
  approvals: number;
  autoMerge: boolean;
  /** Extra lines (sync window warnings, onboarding notes). */
  notes: string[];
}

const cell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * Renders the Markdown body of a change's pull request: from → to, digests, source commit,
 * gate results and links to the Argo CD applications.
 *
 * @public
 */
export function renderPullRequestBody(input: PullRequestBodyInput): string {
  const lines: string[] = [];
  const title = {
    promotion: `Promotion of **${input.service}**: \`${input.from}\` → \`${input.to}\``,
    rollback: `Rollback of **${input.service}** in \`${input.to}\``,
    pin: `New pin of **${input.service}** in \`${input.to}\``,
    onboarding: `Onboarding of **${input.service}** in \`${input.to}\``,
  }[input.kind];
  lines.push(title, '');
  lines.push('| | |', '| --- | --- |');
  if (input.entityRef) lines.push(`| Entity | \`${input.entityRef}\` |`);
  if (input.from) lines.push(`| From | \`${input.from}\` |`);
  lines.push(`| To | \`${input.to}\` |`);
  if (input.digest) lines.push(`| Digest | \`${input.digest}\` |`);
  if (input.previousDigest) {
    lines.push(`| Replaces | \`${input.previousDigest}\` |`);
  }
  if (input.sourceCommit) {
    lines.push(
      `| Source commit | [\`${input.sourceCommit.slice(0, 12)}\`](${
        input.repositoryUrl
      }/commit/${input.sourceCommit}) |`,
    );
  }
  lines.push(`| Requested by | \`${input.requestedBy}\` |`);
  if (input.approvals > 0) {
    lines.push(`| Approvals required | ${input.approvals} |`);
  }
  lines.push(
    `| Merge | ${input.autoMerge ? 'merged automatically' : 'after review'} |`,
  );
  lines.push('', '### Files', '', ...input.files.map(f => `- \`${f}\``));
  if (input.gates.length > 0) {
    lines.push(
      '',
      '### Gates',
      '',
      '| Gate | Result | Detail |',
      '| --- | --- | --- |',
    );
    for (const gate of input.gates) {
      lines.push(
        `| ${cell(gate.name)} | ${
          gate.passed ? '✅ passed' : '❌ failed'
        } | ${cell(gate.message)} |`,
      );
    }
  }
  if (input.applications.length > 0) {
    lines.push('', '### Argo CD applications', '');
    for (const app of input.applications) {
      lines.push(`- [${app.name}](${app.url})`);
    }
  }
  if (input.notes.length > 0) {
    lines.push('', ...input.notes.map(n => `> ${n}`));
  }
  lines.push(
    '',
    '_Opened by the GitOps portal. It changes the pinned image digest only._',
    '',
  );
  return lines.join('\n');
}
