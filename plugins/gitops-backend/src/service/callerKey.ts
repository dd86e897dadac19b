import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/**
 * Who a request acts as, for sharing what is read or decided for it: everything of the
 * principal that can change what the catalog shows or what a permission policy decides
 * (user and acting service, or service and its access restrictions). Two credentials with
 * the same key see the same. Undefined for principals this does not know, whose reads and
 * decisions are never shared.
 *
 * @public
 */
export function callerKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as
    | BackstageUserPrincipal
    | BackstageServicePrincipal
    | BackstageNonePrincipal
    | undefined;
  switch (principal?.type) {
    case 'user':
      return JSON.stringify([
        'user',
        principal.userEntityRef,
        principal.actor ? serviceKey(principal.actor) : null,
      ]);
    case 'service':
      return JSON.stringify(serviceKey(principal));
    case 'none':
      return JSON.stringify(['none']);
    default:
      return undefined;
  }
}

function serviceKey(service: BackstageServicePrincipal): unknown[] {
  return ['service', service.subject, service.accessRestrictions ?? null];
}
