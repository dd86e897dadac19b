/**
 * Runs tasks one at a time per key, in arrival order, within this process. Identical change
 * requests are serialised by their branch name with it; across replicas the database claim
 * decides (see ChangeRecordStore).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>(resolve => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a task running or waiting, for tests. */
  get size(): number {
    return this.tails.size;
  }
}
