import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { startSandbox } from './startSandbox';

/** Where the CLI writes. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const defaultIO: CliIO = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

/** Options of {@link main}. */
export interface CliOptions {
  /**
   * Default state folder of `start`: the launcher passes `.sandbox/` at the repository root,
   * resolved from its own location, so the working directory does not matter.
   */
  defaultDir: string;
}

function onOff(value: string): boolean {
  if (['on', 'true', 'yes', 'open'].includes(value)) return true;
  if (['off', 'false', 'no', 'close', 'closed'].includes(value)) return false;
  throw new InvalidArgumentError(`expected on or off, got "${value}"`);
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  }
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) {
    throw new InvalidArgumentError(
      `expected a positive number, got "${value}"`,
    );
  }
  return n;
}

/**
 * The `gitops-sandbox` command: `start` runs the sandbox; every other sub-command calls the
 * admin API of a running one (`--url`, default `$GITOPS_SANDBOX_URL` or http://127.0.0.1:7010).
 * Resolves with the exit code; `start` resolves once the sandbox stopped (SIGINT/SIGTERM).
 */
export async function main(
  argv: string[],
  io: CliIO = defaultIO,
  options: CliOptions = { defaultDir: '.sandbox' },
): Promise<number> {
  const program = new Command('gitops-sandbox')
    .description(
      'Plays GitHub and two Argo CD instances against a local GitOps repository, for development and demos.',
    )
    .option(
      '--url <url>',
      'address of the running sandbox, for the knob commands',
      process.env.GITOPS_SANDBOX_URL ?? 'http://127.0.0.1:7010',
    )
    .exitOverride()
    .configureOutput({
      writeOut: text => io.out(text.trimEnd()),
      writeErr: text => io.err(text.trimEnd()),
    });

  let exitCode = 0;

  const admin = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) => {
    const url = `${program.opts().url.replace(/\/+$/, '')}/admin${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers:
          body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      io.err(
        `cannot reach the sandbox at ${program.opts().url}: ${
          (error as Error).message
        } (is "gitops-sandbox start" running?)`,
      );
      exitCode = 1;
      return;
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = JSON.parse(text).error ?? text;
      } catch {
        // not JSON
      }
      io.err(`${response.status}: ${message}`);
      exitCode = 1;
      return;
    }
    io.out(text);
  };

  program
    .command('start')
    .description(
      'run the sandbox (GitHub API, Argo CD nonprod and prod, dashboard)',
    )
    .option('--port <port>', 'port on 127.0.0.1', integer, 7010)
    .option(
      '--dir <dir>',
      'state folder (repository, pull requests)',
      options.defaultDir,
    )
    .option(
      '--speed <factor>',
      'time factor (1 = a canary takes about 30 s)',
      positive,
      1,
    )
    .option('--reset', 'delete the state folder first and seed again', false)
    .option(
      '--scale-instances <n>',
      'scale mode: number of Argo CD instances',
      integer,
    )
    .option(
      '--scale-apps <m>',
      'scale mode: synthetic applications per instance',
      integer,
    )
    .option('--latency <ms>', 'latency of every Argo CD answer', integer)
    .option('--host <name>', 'host name in the URLs handed out', 'localhost')
    .option('--quiet', 'no event log', false)
    .action(async opts => {
      let sandbox;
      try {
        sandbox = await startSandbox({
          port: opts.port,
          dir: opts.dir,
          speed: opts.speed,
          reset: opts.reset,
          publicHost: opts.host,
          latencyMs: opts.latency,
          scale:
            opts.scaleApps !== undefined
              ? {
                  instances: opts.scaleInstances ?? 2,
                  appsPerInstance: opts.scaleApps,
                }
              : undefined,
          log: opts.quiet
            ? undefined
            : line =>
                io.out(
                  `[sandbox ${new Date().toISOString().slice(11, 19)}] ${line}`,
                ),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        io.err(
          code === 'EADDRINUSE'
            ? `port ${opts.port} is in use: is a sandbox already running? (gitops-sandbox state)`
            : `the sandbox did not start: ${(error as Error).message}`,
        );
        exitCode = 1;
        return;
      }
      io.out(
        `GitOps sandbox ready on ${sandbox.url}/ (dashboard) · GitHub API ${sandbox.githubApiUrl} ` +
          `(repository acme/gitops) · Argo CD ${sandbox.argocd
            .map(i => `${i.name} ${i.url}`)
            .join(', ')} · repository on disk ${sandbox.repoDir}`,
      );
      await new Promise<void>(done => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          sandbox!.stop().then(done, done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });

  program
    .command('drift <application> <replicas>')
    .description(
      'set the live replicas of an application (OutOfSync with a real diff)',
    )
    .option('--resource <kind/name>', 'the workload, e.g. Rollout/gateway')
    .action((application, replicas, opts) =>
      admin('POST', '/drift', {
        application,
        resource: opts.resource,
        replicas: integer(replicas),
      }),
    );
  program
    .command('self-heal <application> <onOff>')
    .description('turn self-heal on or off (reverts drift after a few seconds)')
    .action((application, value) =>
      admin('POST', '/self-heal', { application, enabled: onOff(value) }),
    );
  program
    .command('bad-digest <digest>')
    .description(
      'mark a digest bad: its rollout analysis fails and the rollout aborts',
    )
    .option('--good', 'mark it good again', false)
    .action((digest, opts) =>
      admin('POST', '/bad-digest', { digest, bad: !opts.good }),
    );
  program
    .command('sync-window <instance> <onOff>')
    .description(
      'open (on = freeze) or close the deny sync window of an instance',
    )
    .action((instance, value) =>
      admin('POST', '/sync-window', { instance, active: onOff(value) }),
    );
  program
    .command('auto-sync <onOff>')
    .description(
      'turn auto-sync on or off for an application or a whole instance',
    )
    .option('--application <name>')
    .option('--instance <name>')
    .action((value, opts) =>
      admin('POST', '/auto-sync', {
        application: opts.application,
        instance: opts.instance,
        enabled: onOff(value),
      }),
    );
  program
    .command('stop-instance <name>')
    .description('stop an Argo CD instance (connections drop)')
    .action(name =>
      admin('POST', `/instances/${encodeURIComponent(name)}/stop`),
    );
  program
    .command('start-instance <name>')
    .description('start a stopped Argo CD instance')
    .action(name =>
      admin('POST', `/instances/${encodeURIComponent(name)}/start`),
    );
  program
    .command('latency <ms>')
    .description(
      'add latency to Argo CD answers (every instance unless --instance)',
    )
    .option('--instance <name>')
    .action((ms, opts) =>
      admin('POST', '/latency', { instance: opts.instance, ms: integer(ms) }),
    );
  program
    .command('scale <instances> <appsPerInstance>')
    .description(
      'N instances × M synthetic applications each (M = 0: demo only)',
    )
    .action((instances, apps) =>
      admin('POST', '/scale', {
        instances: integer(instances),
        appsPerInstance: integer(apps),
      }),
    );
  program
    .command('reset')
    .description('back to the seeded repository and state')
    .action(() => admin('POST', '/reset'));
  program
    .command('merge <number>')
    .description('merge a pull request (git merge --no-ff)')
    .action(number => admin('POST', `/pulls/${integer(number)}/merge`));
  program
    .command('close <number>')
    .description('close a pull request')
    .action(number => admin('POST', `/pulls/${integer(number)}/close`));
  program
    .command('preview <service> <number> <openClose>')
    .description(
      'open or close the preview application of a pull request on a service',
    )
    .action((service, number, value) =>
      admin('POST', '/previews', {
        service,
        number: integer(number),
        open: onOff(value),
      }),
    );
  program
    .command('sync <application>')
    .description('sync an application now (sync windows apply)')
    .option('--instance <name>')
    .action((application, opts) =>
      admin('POST', '/sync', { application, instance: opts.instance }),
    );
  program
    .command('counters')
    .description('calls per instance and endpoint')
    .option('--reset', 'set them back to zero', false)
    .action(opts =>
      opts.reset ? admin('POST', '/counters/reset') : admin('GET', '/counters'),
    );
  program
    .command('state')
    .description('applications, pull requests and knobs of the running sandbox')
    .action(() => admin('GET', '/state'));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    io.err((error as Error).message);
    return 1;
  }
  return exitCode;
}
