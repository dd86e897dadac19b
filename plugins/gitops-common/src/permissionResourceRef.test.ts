import {
  parseGitOpsPermissionResourceRef,
  toGitOpsPermissionResourceRef,
} from './permissionResourceRef';

describe('GitOps permission resource references', () => {
  it('round-trips an entity and an environment', () => {
    const ref = toGitOpsPermissionResourceRef(
      'component:default/gateway',
      'staging',
    );
    expect(ref).toBe('component:default/gateway#staging');
    expect(parseGitOpsPermissionResourceRef(ref)).toEqual({
      entityRef: 'component:default/gateway',
      environment: 'staging',
    });
  });

  it('keeps a plain entity reference as it is', () => {
    expect(toGitOpsPermissionResourceRef('component:default/web')).toBe(
      'component:default/web',
    );
    expect(parseGitOpsPermissionResourceRef('component:default/web')).toEqual({
      entityRef: 'component:default/web',
    });
  });

  it('ignores an empty environment', () => {
    expect(parseGitOpsPermissionResourceRef('component:default/web#')).toEqual({
      entityRef: 'component:default/web',
    });
  });
});
