import { StringPool } from './StringPool';

/** A string equal to `text` but built at run time (not the literal's copy). */
function copyOf(text: string): string {
  return JSON.parse(JSON.stringify({ text })).text;
}

describe('StringPool', () => {
  it('returns the first copy of equal strings', () => {
    const pool = new StringPool();
    const first = copyOf('app.kubernetes.io/part-of');
    expect(pool.intern(first)).toBe(first);
    expect(pool.intern(copyOf('app.kubernetes.io/part-of'))).toBe(first);
    expect(pool.size).toBe(1);
    expect(pool.internNullable(null)).toBeNull();
    expect(pool.internNullable(undefined)).toBeNull();
    expect(pool.internNullable(copyOf('dev'))).toBe('dev');
  });

  it('starts over when full, and keeps answering equal strings', () => {
    const pool = new StringPool({ maxSize: 2 });
    pool.intern('a');
    pool.intern('b');
    expect(pool.size).toBe(2);
    expect(pool.intern('c')).toBe('c');
    expect(pool.size).toBe(1);
    expect(pool.intern('a')).toBe('a');
  });
});
