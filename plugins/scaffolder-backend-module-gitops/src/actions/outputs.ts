import type {
  ChangePlan,
  ChangeRecord,
  GateResult,
  PlannedFileChange,
} from '@gitops-portal/plugin-gitops-common';
import type { z as zod } from 'zod/v3';

/**
 * What every GitOps action outputs. A real run fills the pull request fields; a dry run
 * fills `files` and sets `state` to `dry-run`.
 */
export type ChangeActionOutput = {
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  branch: string;
  digest?: string;
  state: string;
  gates?: Array<{ name: string; passed: boolean; message: string }>;
  files?: Array<{ path: string; action: string; content: string }>;
};

/** `state` of the outputs of a dry run. */
export const DRY_RUN_STATE = 'dry-run';

const gateSchema = (z: typeof zod) =>
  z.object({
    name: z.string().describe('Gate name, e.g. source-healthy'),
    passed: z.boolean().describe('Whether the gate passed'),
    message: z.string().describe('What the gate found'),
  });

/** Output schema shared by the GitOps actions (zod callbacks, as createTemplateAction takes). */
export const changeOutputSchema = {
  pullRequestUrl: (z: typeof zod) =>
    z
      .string()
      .optional()
      .describe('Web URL of the pull request that carries the change'),
  pullRequestNumber: (z: typeof zod) =>
    z.number().int().optional().describe('Number of the pull request'),
  branch: (z: typeof zod) =>
    z.string().describe('Branch of the pull request (planned, on a dry run)'),
  digest: (z: typeof zod) =>
    z
      .string()
      .optional()
      .describe('Image digest the change pins, sha256:<64 hex>'),
  state: (z: typeof zod) =>
    z
      .string()
      .describe(
        'State of the change: open, merged, deployed, closed or failed; dry-run on a dry run',
      ),
  gates: (z: typeof zod) =>
    z
      .array(gateSchema(z))
      .optional()
      .describe('Promotion gates and their results'),
  files: (z: typeof zod) =>
    z
      .array(
        z.object({
          path: z.string().describe('Path in the GitOps repository'),
          action: z.string().describe('create or update'),
          content: z.string().describe('Full content after the change'),
        }),
      )
      .optional()
      .describe('Dry run only: the file changes the pull request would make'),
};

function copyGates(
  gates: GateResult[] | undefined,
): ChangeActionOutput['gates'] {
  return (gates ?? []).map(({ name, passed, message }) => ({
    name,
    passed,
    message,
  }));
}

function copyFiles(files: PlannedFileChange[]): ChangeActionOutput['files'] {
  return files.map(({ path, action, content }) => ({ path, action, content }));
}

/** True when a change route answered a dry run's plan rather than a record. */
export function isChangePlan(value: unknown): value is ChangePlan {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as ChangePlan).files) &&
    typeof (value as ChangePlan).branch === 'string'
  );
}

/** True when a change route answered a record of an opened (or existing) change. */
export function isChangeRecord(value: unknown): value is ChangeRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ChangeRecord).id === 'string' &&
    typeof (value as ChangeRecord).state === 'string'
  );
}

/** Outputs of a real run, from the record the backend answered. */
export function outputsOfRecord(record: ChangeRecord): ChangeActionOutput {
  return {
    ...(record.pullRequest
      ? {
          pullRequestUrl: record.pullRequest.url,
          pullRequestNumber: record.pullRequest.number,
        }
      : {}),
    branch: record.pullRequest?.branch ?? '',
    ...(record.digest ? { digest: record.digest } : {}),
    state: record.state,
    gates: copyGates(record.gates),
  };
}

/** Outputs of a dry run, from the plan the backend answered. */
export function outputsOfPlan(plan: ChangePlan): ChangeActionOutput {
  return {
    branch: plan.branch,
    ...(plan.digest ? { digest: plan.digest } : {}),
    state: DRY_RUN_STATE,
    gates: copyGates(plan.gates),
    files: copyFiles(plan.files),
  };
}

/** Sets every defined output on the action context. */
export function writeOutputs(
  ctx: {
    output(
      name: keyof ChangeActionOutput,
      value: ChangeActionOutput[keyof ChangeActionOutput],
    ): void;
  },
  outputs: ChangeActionOutput,
): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) {
      ctx.output(
        name as keyof ChangeActionOutput,
        value as ChangeActionOutput[keyof ChangeActionOutput],
      );
    }
  }
}
