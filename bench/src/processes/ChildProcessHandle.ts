import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** Messages a child entry point sends to the harness over IPC. */
export type ChildMessage<Ready> =
  | { type: 'ready'; payload: Ready }
  | { type: 'error'; message: string };

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every child still running when the harness exits, however it exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Reads one `Vm*` figure of `/proc/<pid>/status`, in bytes (Linux only). */
function procStatusBytes(pid: number, field: string): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** User + system CPU time of a process so far, in milliseconds (Linux `/proc`). */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/**
 * A Node.js child process of the benchmark (the sandbox, one backend) running a TypeScript
 * entry point through tsx, with its output in a log file. It reports readiness over IPC;
 * it is killed when the harness stops it or exits, and it exits by itself when the harness
 * disappears (the entry points watch the IPC channel).
 */
export class ChildProcessHandle<Ready> {
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ready: Ready,
    readonly logFile: string,
    exitPromise: Promise<void>,
  ) {
    this.exitPromise = exitPromise.then(() => {
      this.exited = true;
    });
  }

  /** Starts the entry point and resolves once it sends `ready`. */
  static async start<Ready>(options: {
    name: string;
    /** Absolute path of a `.ts` entry point. */
    script: string;
    args?: string[];
    env?: Record<string, string>;
    cwd: string;
    logFile: string;
    readyTimeoutMs: number;
    /** Extra Node.js flags, e.g. `--max-old-space-size`. */
    nodeOptions?: string[];
  }): Promise<ChildProcessHandle<Ready>> {
    installExitHook();
    const log = openSync(options.logFile, 'a');
    const child = fork(options.script, options.args ?? [], {
      cwd: options.cwd,
      execArgv: ['--import', 'tsx', ...(options.nodeOptions ?? [])],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    running.add(child);
    const exitPromise = new Promise<void>(resolve => {
      child.once('exit', () => {
        running.delete(child);
        resolve();
      });
    });

    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(
          new Error(
            `${options.name} was not ready within ${options.readyTimeoutMs} ms`,
          ),
        );
      }, options.readyTimeoutMs);
      const onMessage = (message: ChildMessage<Ready>) => {
        if (message?.type === 'ready') {
          cleanup();
          resolve(message.payload);
        } else if (message?.type === 'error') {
          fail(new Error(`${options.name} failed: ${message.message}`));
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        fail(
          new Error(
            `${options.name} exited before it was ready (code ${code}, signal ${signal})`,
          ),
        );
      };
      function cleanup() {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      }
      function fail(error: Error) {
        cleanup();
        child.kill('SIGKILL');
        error.message += `\n--- last lines of ${options.logFile} ---\n${tail(
          options.logFile,
        )}`;
        reject(error);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new ChildProcessHandle(
      options.name,
      child,
      ready,
      options.logFile,
      exitPromise,
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Peak resident set size since the process started (VmHWM), in bytes. */
  peakRssBytes(): number | undefined {
    return procStatusBytes(this.pid, 'VmHWM');
  }

  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs(): number | undefined {
    return procCpuMs(this.pid);
  }

  /** Current resident set size (VmRSS), in bytes. */
  rssBytes(): number | undefined {
    return procStatusBytes(this.pid, 'VmRSS');
  }

  /** Asks the process to stop (SIGTERM), and kills it when it takes longer than the timeout. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>(resolve => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([this.exitPromise, killed]);
    clearTimeout(timer);
    await this.exitPromise;
  }
}
