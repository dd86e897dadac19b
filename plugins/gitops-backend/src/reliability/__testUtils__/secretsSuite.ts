/* eslint-disable jest/no-export -- a scenario module of the reliability suite: it declares
   its tests, and reliability.test.ts runs every module in one worker, in order. */
import type { ReliabilityWorld } from './ReliabilityWorld';

/**
 * Secrets: after every other scenario, the configured Argo CD tokens and password, the
 * sessions they obtained and the Git tokens are searched (as written, URL-encoded and
 * base64-encoded) in everything the backends said: every response with its headers, every
 * log line, every audit event, every error. Must run last.
 */
export function describeSecretsSearch(world: ReliabilityWorld) {
  describe('secrets', () => {
    it('no configured token or password appears in any response, log line, audit event or error', () => {
      const { evidence } = world;
      const leaks = evidence.leaksOf([...world.secrets]);
      world.counters.secretsLeaked = leaks.length;
      world.counters.textsSearched = evidence.size;

      // The search looked at what matters: every kind of output, in quantity, including the
      // answers of hosts that echoed the credentials they were sent.
      expect(world.secrets.size).toBeGreaterThanOrEqual(6);
      expect(evidence.countOf('response')).toBeGreaterThan(1000);
      expect(evidence.countOf('log')).toBeGreaterThan(100);
      expect(evidence.countOf('audit')).toBeGreaterThan(100);
      expect(evidence.contains('response', 'Bad credentials: [REDACTED]')).toBe(
        true,
      );
      expect(
        evidence.contains('log', 'leader changed (Bearer [REDACTED])'),
      ).toBe(true);

      expect(leaks).toEqual([]);
    });
  });
}
