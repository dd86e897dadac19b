import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { ChangeResponse } from '@gitops-portal/plugin-gitops-node';
import { toActionError } from './errors';
import {
  type ChangeActionOutput,
  isChangePlan,
  isChangeRecord,
  outputsOfPlan,
  outputsOfRecord,
  writeOutputs,
} from './outputs';

/** The parts of the scaffolder's action context that a change needs. */
export interface ChangeContext {
  logger: LoggerService;
  isDryRun?: boolean;
  user?: { ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  checkpoint<T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
  output(
    name: keyof ChangeActionOutput,
    value: ChangeActionOutput[keyof ChangeActionOutput],
  ): void;
}

/**
 * Sends one change to the GitOps backend as the template's user and writes the outputs.
 *
 * - Dry run: asks the backend for the plan (`dryRun: true`), logs and outputs the planned
 *   files; nothing is opened.
 * - Real run: the call sits inside `ctx.checkpoint`, so a task that is retried after a crash
 *   reuses the recorded pull request instead of asking for a second one (the backend also
 *   answers an existing open change with 200).
 */
export async function submitChange(
  ctx: ChangeContext,
  options: {
    /** Unique per change within the task, e.g. `gitops.promote.<entityRef>.<to>`. */
    checkpointKey: string;
    /** What is attempted, for messages: "promote component:default/gateway to staging". */
    what: string;
    send(
      credentials: BackstageCredentials,
      dryRun: boolean,
    ): Promise<ChangeResponse>;
  },
): Promise<void> {
  const { what } = options;
  const credentials = await ctx.getInitiatorCredentials();
  const asUser = ctx.user?.ref ? ` as ${ctx.user.ref}` : '';
  // Every failed call becomes the action error that names what was attempted.
  const send = async (dryRun: boolean): Promise<ChangeResponse> => {
    try {
      return await options.send(credentials, dryRun);
    } catch (error) {
      throw toActionError(error, what);
    }
  };

  if (ctx.isDryRun) {
    ctx.logger.info(`Dry run: planning to ${what}${asUser}`);
    const response = await send(true);
    if (!isChangePlan(response)) {
      throw new Error(
        `Could not ${what}: the GitOps backend did not answer a plan to a dry run`,
      );
    }
    const outputs = outputsOfPlan(response);
    for (const file of response.files) {
      ctx.logger.info(`Would ${file.action} ${file.path}`);
    }
    for (const gate of response.gates.filter(g => !g.passed)) {
      ctx.logger.warn(`Gate ${gate.name} would fail: ${gate.message}`);
    }
    ctx.logger.info(
      `Dry run: would open "${response.title}" from branch ${response.branch}; nothing was opened`,
    );
    writeOutputs(ctx, outputs);
    return;
  }

  ctx.logger.info(`Asking the GitOps backend to ${what}${asUser}`);
  const outputs = await ctx.checkpoint<ChangeActionOutput>({
    key: options.checkpointKey,
    fn: async () => {
      const response = await send(false);
      if (!isChangeRecord(response)) {
        throw new Error(
          `Could not ${what}: the GitOps backend did not answer a change record`,
        );
      }
      if (response.state === 'failed') {
        throw new Error(
          `Could not ${what}: ${response.message ?? 'the change failed'}`,
        );
      }
      return outputsOfRecord(response);
    },
  });

  if (outputs.pullRequestUrl) {
    ctx.logger.info(
      `Pull request #${outputs.pullRequestNumber} (${outputs.state}): ${outputs.pullRequestUrl}`,
    );
  } else {
    ctx.logger.warn(
      `The GitOps backend recorded the change (${outputs.state}) without a pull request`,
    );
  }
  writeOutputs(ctx, outputs);
}
