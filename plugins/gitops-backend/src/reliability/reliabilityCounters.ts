/**
 * One burst of identical change requests sent at once, and what it left on the Git host.
 */
export interface ConcurrentBurst {
  /** Requests sent at once. */
  requests: number;
  /** Requests answered with the change (2xx), all naming the same record. */
  answered: number;
  /** Pull requests the Git host holds for the change's branch afterwards. */
  pullRequests: number;
}

/**
 * The real counts behind the reliability suite's closing line. The suite's scenarios add to
 * them as they run; nothing here is set to an expected value.
 */
export class ReliabilityCounters {
  /** Faults injected (a peer failing, a hostile file, a killed writer) that left state intact. */
  faultsSurvived = 0;
  /** Property-based cases sent to the routes. */
  fuzzCases = 0;
  readonly bursts: ConcurrentBurst[] = [];
  /** Occurrences of a configured secret found in responses, logs, audit events or errors. */
  secretsLeaked = 0;
  /** Texts searched for secrets. */
  textsSearched = 0;
  /** Changes the Git host holds that no record describes, or records that went missing. */
  lostRecords = 0;
  /** Scenarios not run because a service (PostgreSQL, Redis) was not available here. */
  readonly skipped: string[] = [];

  survived(count = 1): void {
    this.faultsSurvived += count;
  }

  /** The closing line, e.g. `reliability: 37 faults survived, 5000 fuzz cases, ...`. */
  summaryLine(): string {
    const parts = [
      `${this.faultsSurvived} faults survived`,
      `${this.fuzzCases} fuzz cases`,
      this.burstSummary(),
      `${this.secretsLeaked} secrets leaked`,
      `${this.lostRecords} lost records`,
    ];
    const skipped = this.skipped.length
      ? ` (skipped here: ${this.skipped.join(', ')})`
      : '';
    return `reliability: ${parts.join(', ')}${skipped}`;
  }

  private burstSummary(): string {
    if (this.bursts.length === 0) return 'no concurrent burst';
    const [first] = this.bursts;
    const same = this.bursts.every(
      b =>
        b.requests === first.requests &&
        b.answered === first.answered &&
        b.pullRequests === first.pullRequests,
    );
    const one = (b: ConcurrentBurst) =>
      `${b.answered}/${b.requests} concurrent → ${b.pullRequests} PR`;
    if (this.bursts.length === 1) return one(first);
    if (same) return `${this.bursts.length}× ${one(first)} each`;
    return this.bursts.map(one).join(' and ');
  }
}

/** The counters of this test run (the suite runs in one Jest worker). */
export const reliabilityCounters = new ReliabilityCounters();
