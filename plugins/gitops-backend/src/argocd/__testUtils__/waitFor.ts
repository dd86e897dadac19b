/** Polls until the check passes (returns truthy and does not throw), or fails after a while. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = new Error('condition not met');
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last;
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
