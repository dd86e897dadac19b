import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who asks, as recorded (`user:default/alice`, or `service:<subject>`). */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return principal.type;
}
