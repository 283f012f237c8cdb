/** `kreq import`: reads a cURL command, a Kaltura API URL or an API log line on stdin and prints it as a `.kreq` block. */

import { importText } from '../import/index';
import { type CheckEnvironment, loadCheckSchema, UsageError } from './checkCommand';

export interface ImportOptions {
  /** `--schema`: spells services and actions as the schema does; default as for `kreq check`. */
  readonly schema?: string;
}

/** Reads `import`'s arguments: `--schema S` / `--schema=S`. */
export function parseImportArguments(args: readonly string[]): ImportOptions {
  let schema: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--schema' || arg.startsWith('--schema=')) {
      schema = arg === '--schema' ? args[++i] : arg.slice('--schema='.length);
      if (!schema) throw new UsageError('--schema needs a value');
    } else throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `kreq import reads standard input; unexpected argument ${arg}`);
  }
  return { schema };
}

/** Converts `input`; prints the block on stdout and the notes on stderr. 0: converted, 1: not importable. */
export async function runImport(options: ImportOptions, input: string, environment: CheckEnvironment): Promise<number> {
  if (input.trim() === '') throw new UsageError('nothing on standard input: pipe a cURL command, a Kaltura API URL or a log line into kreq import');
  const status = await loadCheckSchema({ paths: [], schema: options.schema, format: 'text' }, environment);
  const result = importText(input, status.kind === 'loaded' ? status.schema : undefined);
  if ('problem' in result) {
    environment.stderr(`kreq import: ${result.problem}\n`);
    return 1;
  }
  environment.stdout(result.kreq);
  for (const note of result.notes) environment.stderr(`kreq import: note: ${note}\n`);
  return 0;
}

/** All of standard input as text. */
export async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
