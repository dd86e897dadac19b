import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  gitopsPinCreatePermission,
  gitopsPromotionCreatePermission,
  gitopsRollbackCreatePermission,
  gitopsStatusReadPermission,
} from '@gitops-portal/plugin-gitops-common';
import { GitOpsPortalPolicy } from './GitOpsPortalPolicy';

function policyFor(ownershipEntityRefs: string[]) {
  const userInfo = mockServices.userInfo({ ownershipEntityRefs });
  return new GitOpsPortalPolicy({
    auth: mockServices.auth(),
    userInfo,
    releaseManagers: ['group:default/release-managers'],
    ownerEnvironments: ['dev', 'staging'],
  });
}

const developer = { credentials: mockCredentials.user('user:default/dev') };

describe('GitOpsPortalPolicy', () => {
  it('lets owners promote to dev and staging only', async () => {
    const decision = (await policyFor([
      'user:default/dev',
      'group:default/payments',
    ]).handle(
      { permission: gitopsPromotionCreatePermission },
      developer as any,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.conditions).toEqual({
      allOf: [
        expect.objectContaining({
          rule: 'IS_ENTITY_OWNER',
          params: { claims: ['user:default/dev', 'group:default/payments'] },
        }),
        expect.objectContaining({
          rule: 'IS_ENVIRONMENT',
          params: { environments: ['dev', 'staging'] },
        }),
      ],
    });
  });

  it('lets release managers change everything', async () => {
    const policy = policyFor([
      'user:default/dev',
      'group:default/release-managers',
    ]);
    for (const permission of [
      gitopsPromotionCreatePermission,
      gitopsRollbackCreatePermission,
      gitopsPinCreatePermission,
    ]) {
      expect(
        (await policy.handle({ permission }, developer as any)).result,
      ).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('lets owners roll back anywhere, and refuses pins to developers', async () => {
    const policy = policyFor(['user:default/dev']);
    const rollback = await policy.handle(
      { permission: gitopsRollbackCreatePermission },
      developer as any,
    );
    expect(rollback.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(
      (
        await policy.handle(
          { permission: gitopsPinCreatePermission },
          developer as any,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await policy.handle(
          { permission: gitopsStatusReadPermission },
          developer as any,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
