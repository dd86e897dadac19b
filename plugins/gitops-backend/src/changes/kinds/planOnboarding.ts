import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type GateResult,
  gitopsPinCreatePermission,
} from '@gitops-portal/plugin-gitops-common';
import { addServiceToApplicationSets } from '../applicationSets';
import { branchNames } from '../branchNames';
import type { PlannedChange } from '../ChangeWriter';
import { GATE } from '../gates/gateNames';
import { permissionGate } from '../gates/permissionGate';
import { planOnboardingFolder } from '../onboardingFiles';
import { renderPullRequestBody } from '../prBody';
import { actorOf } from './actorOf';
import type { ChangeContext, ChangeOutcome } from './ChangeContext';
import {
  assertDigest,
  assertImageRepository,
  assertServiceFolderName,
} from './requestFields';

/** A validated onboarding request. */
export interface OnboardingInput {
  service: string;
  image: string;
  environments?: string[];
  digest?: string;
  format?: 'helm' | 'kustomize';
  dryRun?: boolean;
}

/**
 * `POST /v1/onboardings`: creates the service's folder in each requested environment and
 * adds the service to the ApplicationSets that list services, in one pull request; a folder
 * that exists already fails the gate.
 */
export async function planOnboarding(
  ctx: ChangeContext,
  input: OnboardingInput,
  credentials: BackstageCredentials,
): Promise<ChangeOutcome> {
  const plannedAt = new Date().toISOString();
  assertServiceFolderName(input.service);
  assertImageRepository(input.image);
  if (input.digest !== undefined) assertDigest(input.digest);
  const envs = (input.environments ?? ctx.environments.map(e => e.name)).map(
    name => ctx.environment(name, 'environments'),
  );
  if (envs.length === 0) throw new InputError('environments is empty');
  const format = input.format ?? 'helm';
  const allowed = await ctx.authorizePin(credentials, input.dryRun);
  const { service, image } = input;
  const baseSha = await ctx.baseHead();
  const provider = ctx.options.provider;
  const layout = ctx.options.config.repository.layout;

  const existingFolders: string[] = [];
  const files: PlannedChange['files'] = [];
  const notes: string[] = [];
  for (const env of envs) {
    const folder = ctx.folder(env.name, service);
    const present = await provider.listFiles(folder, baseSha);
    if (present.length > 0) {
      existingFolders.push(folder);
      continue;
    }
    const planned = await planOnboardingFolder({
      provider,
      ref: baseSha,
      layout,
      environment: env.name,
      service,
      image,
      digest: input.digest ?? null,
      format,
    });
    if (!planned.modelledOn) {
      notes.push(
        `${folder} holds the pin file only: add what renders it (chart or overlay resources).`,
      );
    }
    files.push(...planned.files.map(f => ({ ...f, previousContent: null })));
  }
  const appSetFiles = (
    await provider.listFiles('applicationsets', baseSha)
  ).filter(p => /\.ya?ml$/.test(p));
  let listed = 0;
  for (const path of appSetFiles) {
    const file = await provider.readFile(path, baseSha);
    if (!file) continue;
    const updated = addServiceToApplicationSets(path, file.content, service);
    if (updated !== null) {
      files.push({ path, content: updated, previousContent: file.content });
      listed += 1;
    }
  }
  if (listed === 0) {
    notes.push(
      'No ApplicationSet under applicationsets/ lists services: create the Argo CD applications yourself.',
    );
  }
  const gates: GateResult[] = [
    {
      name: GATE.notOnboarded,
      passed: existingFolders.length === 0,
      message:
        existingFolders.length === 0
          ? `${service} has no folder yet in ${envs
              .map(e => e.name)
              .join(', ')}`
          : `${existingFolders.join(', ')} exist already`,
    },
    permissionGate(allowed, gitopsPinCreatePermission.name, service),
  ];
  const to = envs.map(e => e.name).join(',');
  const title = `Onboard ${service} in ${envs.map(e => e.name).join(', ')}`;
  const actor = actorOf(credentials);
  const change = ctx.change(
    {
      record: {
        type: 'onboarding',
        entityRef: null,
        service,
        from: null,
        to,
        digest: input.digest ?? '',
        previousDigest: null,
        branch: branchNames.onboarding(service),
        createdBy: actor,
        gates,
      },
      baseSha,
      files,
      title,
      commitMessage: `${title}\n\nImage ${image}${
        input.digest ? `@${input.digest}` : ''
      }, ${format}, as requested by ${actor}.`,
      body: renderPullRequestBody({
        kind: 'onboarding',
        service,
        entityRef: null,
        from: null,
        to: envs.map(e => e.name).join(', '),
        digest: input.digest ?? null,
        previousDigest: null,
        sourceCommit: null,
        repositoryUrl: provider.webUrl,
        files: files.map(f => f.path),
        gates,
        applications: [],
        requestedBy: actor,
        approvals: Math.max(...envs.map(e => e.approvals)),
        autoMerge: false,
        notes,
      }),
      labels: ['gitops', 'onboarding'],
      autoMerge: false,
    },
    plannedAt,
  );
  const found = await ctx.existing(
    change.record.branch,
    plannedAt,
    input.dryRun,
  );
  if (found) return found;
  return ctx.finish(input.dryRun, 'onboarding', change, gates);
}
