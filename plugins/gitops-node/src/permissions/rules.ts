import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { gitopsEntityPermissionResourceRef } from './resource';

/**
 * Allows when the entity is owned by one of the given references (usually the user's
 * ownership claims).
 *
 * @public
 */
export const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description:
    'Allow when the entity is owned by one of the given user or group references',
  resourceRef: gitopsEntityPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity references of the user and the groups they belong to'),
  }),
  apply: ({ entity }, { claims }) => {
    const owners = (entity.relations ?? [])
      .filter(r => r.type === RELATION_OWNED_BY)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
    return claims.some(c => owners.includes(c.toLocaleLowerCase('en-US')));
  },
  toQuery: () => {
    throw new Error('IS_ENTITY_OWNER has no query form');
  },
});

/**
 * Allows when the change targets one of the given environments.
 *
 * @public
 */
export const isEnvironment = createPermissionRule({
  name: 'IS_ENVIRONMENT',
  description: 'Allow when the change targets one of the given environments',
  resourceRef: gitopsEntityPermissionResourceRef,
  paramsSchema: z.object({
    environments: z.array(z.string()).describe('Environment names'),
  }),
  apply: ({ environment }, { environments }) =>
    environment !== undefined && environments.includes(environment),
  toQuery: () => {
    throw new Error('IS_ENVIRONMENT has no query form');
  },
});

/**
 * Every rule of the GitOps resource type.
 *
 * @public
 */
export const gitopsPermissionRules = { isEntityOwner, isEnvironment };

/**
 * Conditions for permission policies, e.g.
 * `createGitOpsConditionalDecision(permission, gitopsConditions.isEnvironment({ environments: ['dev'] }))`.
 *
 * @public
 */
export const {
  conditions: gitopsConditions,
  createConditionalDecision: createGitOpsConditionalDecision,
} = createConditionExports({
  resourceRef: gitopsEntityPermissionResourceRef,
  rules: gitopsPermissionRules,
});
