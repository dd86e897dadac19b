/**
 * The GitOps sandbox: Argo CD and GitHub played against a real local git repository.
 *
 * @packageDocumentation
 */

export {};
