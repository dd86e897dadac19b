import { isHealthTrusted } from './trust';

const finished = (phase: string, finishedAt: string | null) => ({
  phase,
  finishedAt,
});

describe('isHealthTrusted', () => {
  it('trusts health reconciled after the last operation finished', () => {
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:44:30Z',
        operation: finished('Succeeded', '2026-11-20T09:40:58Z'),
        operationPending: false,
      }),
    ).toBe(true);
  });

  it('does not trust health reconciled before the last operation finished, or never', () => {
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:40:00Z',
        operation: finished('Succeeded', '2026-11-20T09:42:10Z'),
        operationPending: false,
      }),
    ).toBe(false);
    expect(
      isHealthTrusted({
        reconciledAt: null,
        operation: finished('Failed', '2026-11-20T09:42:10Z'),
        operationPending: false,
      }),
    ).toBe(false);
  });

  it('does not trust health while an operation is requested or running', () => {
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:46:40Z',
        operation: finished('Running', null),
        operationPending: true,
      }),
    ).toBe(false);
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:46:40Z',
        operation: finished('Running', null),
        operationPending: false,
      }),
    ).toBe(false);
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:46:40Z',
        operation: null,
        operationPending: true,
      }),
    ).toBe(false);
  });

  it('trusts an application that never ran an operation', () => {
    expect(
      isHealthTrusted({
        reconciledAt: '2026-11-20T09:46:40Z',
        operation: null,
        operationPending: false,
      }),
    ).toBe(true);
  });
});
