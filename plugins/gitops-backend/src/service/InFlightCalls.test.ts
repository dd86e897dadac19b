import { InFlightCalls } from './InFlightCalls';

describe('InFlightCalls', () => {
  it('shares a running call of the same key, not of another key', async () => {
    const calls = new InFlightCalls<string>();
    let started = 0;
    let release: (value: string) => void = () => {};
    const call = () => {
      started += 1;
      return new Promise<string>(r => {
        release = r;
      });
    };
    const a = calls.run('alice', call);
    const b = calls.run('alice', call);
    expect(started).toBe(1);
    release('decided');
    await expect(Promise.all([a, b])).resolves.toEqual(['decided', 'decided']);
    const other = calls.run('bob', async () => 'bob');
    await expect(other).resolves.toBe('bob');
  });

  it('keeps nothing once a call settled, answer or error', async () => {
    const calls = new InFlightCalls<number>();
    let n = 0;
    await expect(
      calls.run('k', async () => {
        n += 1;
        throw new Error('denied for now');
      }),
    ).rejects.toThrow('denied for now');
    await expect(calls.run('k', async () => (n += 1))).resolves.toBe(2);
    await expect(calls.run('k', async () => (n += 1))).resolves.toBe(3);
  });
});
