import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { BACKEND_KINDS, type BackendKind, isBackendKind } from './backends';
import { markdownTable, viewNotes } from './report/markdownTable';
import type { BenchResults } from './results';
import { benchPath } from './paths';
import { runBenchmark } from './runBenchmark';
import { isBenchSize, planFor } from './sizes';

/**
 * `yarn bench [--size tiny|small|full] [--backends ours,roadie,community] [--out file]`:
 * runs the benchmark, prints the markdown table to stdout (progress goes to stderr) and
 * writes the raw figures as JSON. `--from file` prints the table of a saved run.
 */
async function main(argv: string[]) {
  const program = new Command('bench')
    .option(
      '--size <size>',
      'tiny (2 × 20, no latency, CI), small (1 × 200) or full',
      'full',
    )
    .option(
      '--backends <list>',
      'comma-separated backends to measure',
      BACKEND_KINDS.join(','),
    )
    .option(
      '--out <file>',
      'where to write the raw figures (relative paths: from the repository root)',
      benchPath('results', 'latest.json'),
    )
    .option(
      '--work-dir <dir>',
      'folder for logs, configs and the sandbox (default: a temp dir; relative paths: from the repository root)',
    )
    .option(
      '--from <file>',
      'print the table of saved raw figures instead of running (relative paths: from the repository root)',
    )
    .parse(argv);
  const options = program.opts<{
    size: string;
    backends: string;
    out: string;
    workDir?: string;
    from?: string;
  }>();
  // `yarn bench` runs in the bench folder: paths are relative to the repository's root.
  const fromCaller = (path: string) =>
    resolve(process.env.PROJECT_CWD ?? process.cwd(), path);
  if (options.from) {
    const saved: BenchResults = JSON.parse(
      await readFile(fromCaller(options.from), 'utf8'),
    );
    process.stdout.write(`${markdownTable(saved)}\n\n${viewNotes(saved)}\n`);
    return 0;
  }
  if (!isBenchSize(options.size)) {
    throw new Error(
      `--size must be tiny, small or full, not "${options.size}"`,
    );
  }
  const backends = options.backends.split(',').map(b => b.trim());
  const unknown = backends.filter(b => !isBackendKind(b));
  if (unknown.length > 0) {
    throw new Error(`unknown backends: ${unknown.join(', ')}`);
  }
  const results = await runBenchmark({
    plan: planFor(options.size),
    backends: backends as BackendKind[],
    workDir: options.workDir ? fromCaller(options.workDir) : undefined,
  });
  const out = fromCaller(options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${markdownTable(results)}\n\n${viewNotes(results)}\n`);
  process.stderr.write(`[bench] raw figures: ${out}\n`);
  const failed = results.scales.flatMap(s => s.backends).filter(b => !b.ok);
  return failed.length > 0 ? 1 : 0;
}

main(process.argv).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`[bench] ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
