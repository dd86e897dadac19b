/**
 * GitOps entity tab and card for Backstage (legacy frontend system).
 * The new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export { gitopsPlugin, entityContentRouteRef } from './plugin';
