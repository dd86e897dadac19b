/**
 * Runs async sections one at a time, in call order. Git refuses concurrent writes to the
 * same index or ref, so every write to the sandbox repository goes through one of these.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
