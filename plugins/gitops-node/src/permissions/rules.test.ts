import type { Entity } from '@backstage/catalog-model';
import { isEntityOwner, isEnvironment } from './rules';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'gateway' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};

describe('GitOps permission rules', () => {
  it('IS_ENTITY_OWNER matches an ownership claim, case-insensitively', () => {
    expect(
      isEntityOwner.apply({ entity }, { claims: ['Group:default/Payments'] }),
    ).toBe(true);
    expect(
      isEntityOwner.apply({ entity }, { claims: ['group:default/other'] }),
    ).toBe(false);
  });

  it('IS_ENVIRONMENT matches only a listed target environment', () => {
    expect(
      isEnvironment.apply(
        { entity, environment: 'staging' },
        { environments: ['dev', 'staging'] },
      ),
    ).toBe(true);
    expect(
      isEnvironment.apply(
        { entity, environment: 'prod' },
        { environments: ['dev', 'staging'] },
      ),
    ).toBe(false);
    expect(isEnvironment.apply({ entity }, { environments: ['dev'] })).toBe(
      false,
    );
  });
});
