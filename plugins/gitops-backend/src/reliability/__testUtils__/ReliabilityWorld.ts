import type { Sandbox } from '@gitops-portal/gitops-sandbox';
import type { SetupServer } from 'msw/node';
import type { ReliabilityCounters } from '../reliabilityCounters';
import type { Evidence } from './Evidence';

/**
 * What the scenarios of the reliability suite share: one sandbox (GitHub and two Argo CD
 * instances over a real git repository), one msw server for protocol-level faults, the
 * evidence every backend writes into, the secrets to search it for, and the counters.
 */
export interface ReliabilityWorld {
  counters: ReliabilityCounters;
  evidence: Evidence;
  /** Every token and password configured in any backend of the suite. */
  secrets: Set<string>;
  msw: SetupServer;
  /** The sandbox, started before the first scenario. */
  sandbox(): Sandbox;
}

/** The environments of every backend of the suite, in promotion order. */
export const ENVIRONMENTS = [
  { name: 'dev', autoMerge: true },
  { name: 'staging' },
  { name: 'prod', approvals: 2 },
];

/** Waits until `check` returns something truthy; fails with the last reason after `timeoutMs`. */
export async function eventually<T>(
  check: () =>
    | Promise<T | undefined | null | false>
    | T
    | undefined
    | null
    | false,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${(last as Error).message ?? last}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
