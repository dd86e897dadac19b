import { formatDuration, formatRelativeTime } from './time';

describe('time formatting', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');

  it('formats relative times', () => {
    expect(formatRelativeTime('2026-11-20T11:57:00Z', now)).toBe(
      '3 minutes ago',
    );
    expect(formatRelativeTime('2026-11-20T11:59:55Z', now)).toBe('now');
    expect(formatRelativeTime('2026-11-19T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime(null, now)).toBe('');
    expect(formatRelativeTime('not a date', now)).toBe('');
  });

  it('formats durations in two units', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000 + 7_000)).toBe('2h 5m');
    expect(formatDuration(3600_000)).toBe('1h');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-1)).toBe('');
  });
});
