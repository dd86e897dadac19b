import { InputError } from '@backstage/errors';
import { isFolderName } from '@gitops-portal/plugin-gitops-common';

/**
 * The folder of one service in one environment, from the configured layout
 * (`envs/{environment}/{service}` by default).
 *
 * Both names must be plain folder names, so that a request can never address a path outside
 * the layout (`..`, `/`, absolute paths, empty names are refused with a 400).
 *
 * @public
 */
export function serviceFolder(
  layout: string,
  environment: string,
  service: string,
): string {
  if (!isFolderName(service)) {
    throw new InputError(
      `Invalid service name ${JSON.stringify(
        service,
      )}: it must be one plain folder name`,
    );
  }
  if (!isFolderName(environment)) {
    throw new InputError(
      `Invalid environment name ${JSON.stringify(
        environment,
      )}: it must be one plain folder name`,
    );
  }
  return layout
    .replace(/\{environment\}/g, environment)
    .replace(/\{service\}/g, service)
    .replace(/^\/+|\/+$/g, '');
}
