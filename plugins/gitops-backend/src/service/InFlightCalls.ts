/**
 * Shares a call among those who ask for the same key while it runs: the first caller starts
 * it, the others wait for the same answer (or error). Nothing is kept once it settles, so an
 * answer is never older than the call that produced it.
 *
 * @public
 */
export class InFlightCalls<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The running call of this key, or a new one made by `call`. */
  run(key: string, call: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const started = call().finally(() => {
      this.running.delete(key);
    });
    this.running.set(key, started);
    return started;
  }
}
