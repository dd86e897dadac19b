import { spawn } from 'node:child_process';
import { devNull } from 'node:os';

/**
 * The environment of every git process of the sandbox: the user's global and system git
 * configuration (signing, hooks, default branch) are ignored, so the repository is the same
 * on every machine.
 */
export function sandboxGitEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra,
  };
}

/** A git command that exited with an unexpected code. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed (exit ${code}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/** Options of {@link runGit}. */
export interface RunGitOptions {
  /** Written to the process's standard input. */
  input?: string | Buffer;
  /** Added to the sandbox git environment (author, dates, index file). */
  env?: Record<string, string>;
  /** Exit codes that are not errors (default: only 0). */
  okCodes?: number[];
}

/**
 * Runs one git command for the plumbing that needs standard input or a per-call environment
 * (`hash-object --stdin`, `fast-import`, `commit-tree` with explicit dates, a temporary index).
 */
export function runGit(
  cwd: string,
  args: string[],
  options: RunGitOptions = {},
): Promise<{ stdout: Buffer; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: sandboxGitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      const ok = options.okCodes ?? [0];
      if (code !== null && ok.includes(code)) {
        resolve({ stdout: Buffer.concat(out), code });
      } else {
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
      }
    });
    child.stdin.on('error', () => {
      // The process may exit before reading all input; the exit code tells what happened.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** {@link runGit}, returning standard output as trimmed text. */
export async function gitText(
  cwd: string,
  args: string[],
  options: RunGitOptions = {},
): Promise<string> {
  const { stdout } = await runGit(cwd, args, options);
  return stdout.toString('utf8').trim();
}
