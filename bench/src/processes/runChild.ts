import type { ChildMessage } from './ChildProcessHandle';

/**
 * Runs the body of a child entry point: reports `ready` (or the error) to the harness over
 * IPC, stops on SIGTERM, and exits by itself when the harness goes away (the IPC channel
 * closes), so that no benchmark process outlives its run.
 */
export function runChild<Ready>(
  start: () => Promise<{ ready: Ready; stop: () => Promise<void> }>,
): void {
  if (!process.send) {
    throw new Error('This entry point is started by the benchmark harness');
  }
  const send = (message: ChildMessage<Ready>) => process.send?.(message);
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(code), 8000);
    force.unref();
    try {
      await stop?.();
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  process.on('disconnect', () => void shutdown(0));

  start().then(
    started => {
      stop = started.stop;
      send({ type: 'ready', payload: started.ready });
    },
    error => {
      // eslint-disable-next-line no-console
      console.error(error);
      send({ type: 'error', message: String(error?.stack ?? error) });
      void shutdown(1);
    },
  );
}
