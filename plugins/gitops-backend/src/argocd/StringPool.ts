/**
 * Hands out one shared copy of equal strings, so that the index holds a label value, a
 * project, a revision or an image that thousands of applications repeat only once (each
 * parsed answer brings its own copies). Bounded: when full it starts over, which only loses
 * sharing for what comes next, never correctness.
 *
 * @public
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  private readonly maxSize: number;

  constructor(options?: { maxSize?: number }) {
    this.maxSize = options?.maxSize ?? 100_000;
  }

  get size(): number {
    return this.strings.size;
  }

  /** The shared copy of `value`. */
  intern(value: string): string {
    const held = this.strings.get(value);
    if (held !== undefined) return held;
    if (this.strings.size >= this.maxSize) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  /** The shared copy of `value`, or null for null and undefined. */
  internNullable(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : this.intern(value);
  }
}
