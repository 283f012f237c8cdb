/** The `kreq` command line: reads the arguments, prints help or the version, and runs `kreq check`, `kreq send`, `kreq test` or `kreq sandbox`. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCheck, UsageError, type CheckOptions, type OutputFormat } from './checkCommand';
import { parseExportArguments, runExport } from './exportCommand';
import { parseImportArguments, readStdin, runImport } from './importCommand';
import { MissingInputError, terminalAsk } from './prompts';
import type { RunIo } from './runContext';
import { runSandbox } from './sandboxCommand';
import { parseSendArguments, runSend } from './sendCommand';
import { parseTestArguments, runTest } from './testCommand';

const USAGE = `Usage:
  kreq check [--schema <path|url>] [--format text|json] <files or folders…>
  kreq send <file> [--env NAME] [--block N | --all] [--format text|json] [--var NAME=VALUE …]
            [--schema <path|url>] [--timeout SECONDS] [--reveal] [--output FILE]
            [--env-dir DIR] [--allow-file PATH …] [--allow-files-outside]
  kreq test <files or folders…> [--env NAME] [--var NAME=VALUE …] [--reporter text|json|junit]
            [--output FILE] [--bail] [--schema <path|url>] [--timeout SECONDS]
            [--env-dir DIR] [--allow-file PATH …] [--allow-files-outside]
  kreq sandbox [--schema <path|url>] [--port N] [--host ADDRESS] [--upload-dir DIR] [--convert-seconds N] [--empty]
  kreq import [--schema <path|url>] < request.txt
  kreq export <file> [--block N] --lang node|ts|python|php|curl [--env NAME] [--env-dir DIR] [--schema <path|url>]
  kreq help | --help
  kreq --version

Commands:
  check     Check .kreq files against the Kaltura API schema (folders are searched for *.kreq).
  send      Send the blocks of a .kreq file (each block is one request; several calls make a
            multirequest) and print each call's result or error, its assertions and captures.
  test      Run every block of .kreq files in order, captures flowing from block to block, and
            report which blocks passed (every call succeeded and its assertions held).
  sandbox   Run a local Kaltura-compatible API server to try requests without an account
            ("kreq sandbox --help" for its options and credentials).
  import    Read a cURL command, a Kaltura API URL or an API log line ("Params [Array (…") on
            standard input and print it as a .kreq block (the KS as {{ks}}, secrets as variables;
            notes on stderr). --schema spells services and actions as the schema does.
  export    Print a block (--block N; needed when the file has several) as code for Kaltura's client
            libraries: node (kaltura-client), ts (kaltura-typescript-client), python (KalturaApiClient),
            php (KalturaClient.php), or curl. Secrets are read from the environment (KALTURA_ADMIN_SECRET…).

Options of check:
  --schema <path|url>   The API schema (api_schema.php XML). Default: $KREQ_SCHEMA, else
                        https://www.kaltura.com/api_v3/api_schema.php as last cached, else the
                        snapshot bundled with kreq (offline). Compiled schemas are cached in
                        $KREQ_CACHE_DIR (default $XDG_CACHE_HOME/kreq or ~/.cache/kreq).
  --format text|json    text: "file:line:col: severity code: message" (default);
                        json: an array of {file, range, severity, code, message} with 0-based positions.

Options of send:
  --env NAME            The environment of the kreq.env.json / kreq.env.private.json files found
                        from the file's folder upward to the nearest folder holding .git (or in
                        the file's folder alone outside a git repository): serviceUrl, partnerId,
                        secrets, variables. Default: none ($shared and defaults only).
  --env-dir DIR         Read kreq.env.json / kreq.env.private.json from DIR instead (on purpose,
                        e.g. your own folder of private files).
  --block N             Send only block N (1-based), after the blocks that capture the variables it
                        needs (said on stderr). Default, and --all: every block, in order.
  --format text|json    text: a report per block (default); json: one object
                        {file, environment, blocks: [{block, title, line, ok, passed, durationMs, error?,
                        calls: [{call, service, action, line, ok, passed, result | error,
                        assertions: [{line, text, ok, actual}], captures: {name: value}}]}]}, 1-based lines.
  --var NAME=VALUE      Set {{NAME}} above every other variable; also answers "# @prompt NAME".
                        A prompt left unanswered is asked on the terminal, or is a usage error.
  --schema <path|url>   The schema for enum names; default: the environment's "schema", else as
                        for check.
  --timeout SECONDS     Per request (default 30).
  --reveal              Show secrets (ks values, …) in results; they are masked by default.
  --output FILE         Write the block's answer to FILE (one block: with --block N unless the
                        file has one): an answer that is a file (thumbAsset.serve, …) as it came,
                        else the results as JSON (one call's result, or a multirequest's list).
                        Without it, a file answer is saved in the temp folder (its path printed).
  --allow-file PATH     Allow uploading PATH with @path though it is outside the git root (or is a
                        kreq.env*.json, a .env file or under a hidden folder of your home, which
                        are never uploaded otherwise). Repeatable.
  --allow-files-outside Allow uploading any file outside the git root (still not kreq.env*.json,
                        .env or ~/.* files: name those with --allow-file).

Options of test (and --env, --env-dir, --var, --schema, --timeout, --allow-file,
--allow-files-outside as for send):
  --reporter text|json|junit
                        text: a line per block, failed assertions with expected and actual values,
                        captures, and "N passed, N failed[, N skipped]" (default); json: one object
                        {passed, failed, skipped, files: [{file, blocks: [{…, calls: [{…, assertions,
                        captures}]}]}]}; junit: JUnit XML, a <testsuite> per file, a <testcase> per block.
  --output FILE         Write the report to FILE (the summary line goes to stderr).
  --bail                Stop at the first block that does not pass (the rest of the file is reported
                        skipped; further files are not run).

Exit code: check: 0 no errors, 1 errors found, 2 bad usage.
           send: 0 every call passed, 1 an API error or a failed assertion, 2 bad usage or a
                 transport failure.
           test: 0 every block passed, 1 a block failed or was skipped, 2 bad usage or no server
                 could be reached.
`;

const SHORT_USAGE = `Usage: kreq check [--schema <path|url>] [--format text|json] <files or folders…>
       kreq send <file> [--env NAME] [--block N | --all] [--format text|json] [--var NAME=VALUE …]
       kreq test <files or folders…> [--env NAME] [--reporter text|json|junit] [--output FILE] [--bail]
       kreq sandbox [--schema <path|url>] [--port N] [--convert-seconds N] [--empty]
       kreq import [--schema <path|url>] < request.txt
       kreq export <file> [--block N] --lang node|ts|python|php|curl [--env NAME]
Run "kreq help" for more.
`;

/** The version in the package.json above this script (dist/cli.js, or the compiled file under out/). */
function packageVersion(): string {
  let dir = __dirname;
  for (;;) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kreq' && pkg.version) return pkg.version;
    } catch {
      // Not here: look further up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** Reads `check`'s arguments: `--schema S`, `--schema=S`, `--format F`, `--` and paths. */
function parseCheckArguments(args: readonly string[]): CheckOptions {
  const paths: string[] = [];
  let schema: string | undefined;
  let format: OutputFormat = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    let value: string | undefined;
    if (flag === '--schema' || flag === '--format') {
      if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    }
    if (flag === '--schema') schema = value;
    else if (flag === '--format') {
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, not "${value}"`);
      format = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { paths, schema, format };
}

/** Runs the command line; resolves to the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('no command given');
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (command === 'sandbox') return await runSandbox(rest);
    if (command === 'import' && !rest.includes('--help') && !rest.includes('-h')) {
      const options = parseImportArguments(rest);
      return await runImport(options, await readStdin(process.stdin), { cwd: process.cwd(), env: process.env, stdout: write(process.stdout), stderr: write(process.stderr) });
    }
    if (command !== 'check' && command !== 'send' && command !== 'test' && command !== 'import' && command !== 'export') throw new UsageError(command.startsWith('-') ? `unknown option ${command}` : `unknown command ${command}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    const io: RunIo = {
      cwd: process.cwd(),
      env: process.env,
      stdout: write(process.stdout),
      stderr: write(process.stderr),
      ask: process.stdin.isTTY ? terminalAsk(process.stdin, process.stderr) : undefined,
      stderrIsTty: process.stderr.isTTY === true,
    };
    if (command === 'send') return await runSend(parseSendArguments(rest), io);
    if (command === 'test') return await runTest(parseTestArguments(rest), io);
    if (command === 'export') return await runExport(parseExportArguments(rest), io);
    return await runCheck(parseCheckArguments(rest), io);
  } catch (e) {
    if (e instanceof MissingInputError) {
      process.stderr.write(`kreq: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`kreq: ${e.message}\n${SHORT_USAGE}`);
      return 2;
    }
    process.stderr.write(`kreq: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  // Exit once everything written has been handed to the OS (an idle HTTP connection must not keep us alive).
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
