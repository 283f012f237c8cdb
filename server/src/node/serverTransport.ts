/**
 * Builds the language server's message reader and writer from its command line (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`, as vscode-languageserver reads them), behind the lifecycle guard, and ends the process
 * on broken framing or a closed input instead of going silent.
 */

import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import {
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  type Message,
  type MessageReader,
  type MessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { MAX_ANALYSED_CHARACTERS } from '../language/index';
import { LifecycleGuard } from '../lsp/lifecycleGuard';

export interface ServerTransport {
  readonly reader: LifecycleGuard;
  readonly writer: MessageWriter;
  readonly stdio: boolean;
}

function fromArguments(argv: readonly string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (flag === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (flag === '--socket' && Number.parseInt(value, 10) > 0) {
      const [reader, writer] = createServerSocketTransport(Number.parseInt(value, 10));
      return { reader, writer, stdio: false };
    }
    if (flag === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
    if (flag === '--stdio') break;
  }
  return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
}

/** How long after a big document's open, edit or close the garbage is collected (edits come in bursts). */
const COLLECT_DELAY_MS = 100;

/**
 * Collects the garbage soon after a document over the analysis bound is opened, edited or closed. Each version of
 * such a document is a new string of its full size (the text-document library copies it per edit); V8 collects
 * them lazily, so a few edits of a 50 MB document took the server past 500 MB. Only big documents trigger it.
 */
function bigDocumentCollector(): (message: Message) => void {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as (() => void) | undefined;
  const big = new Set<string>();
  let pending: NodeJS.Timeout | undefined;
  const soon = (): void => {
    pending ??= setTimeout(() => {
      pending = undefined;
      collect?.();
    }, COLLECT_DELAY_MS);
  };
  return (message) => {
    const m = message as { method?: string; params?: { textDocument?: { uri?: string; text?: unknown } } };
    const uri = m.params?.textDocument?.uri;
    if (typeof uri !== 'string') return;
    if (m.method === 'textDocument/didOpen') {
      const text = m.params?.textDocument?.text;
      if (typeof text === 'string' && text.length > MAX_ANALYSED_CHARACTERS) {
        big.add(uri);
        soon();
      }
    } else if (m.method === 'textDocument/didChange' && big.has(uri)) {
      soon();
    } else if (m.method === 'textDocument/didClose' && big.delete(uri)) {
      soon();
    }
  };
}

/** The transport the command line names (stdio when it names none). A reader error (a broken `Content-Length`,
 *  garbage between messages) is written to stderr and ends the process with 1: the stream cannot be resynchronised. */
export function createServerTransport(argv: readonly string[]): ServerTransport {
  const { reader, writer, stdio } = fromArguments(argv);
  const guard = new LifecycleGuard(reader, writer, bigDocumentCollector());
  reader.onError((error) => {
    process.stderr.write(`kreq language server: unreadable message from the client, exiting: ${error.message}\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(guard.phase === 'shut-down' ? 0 : 1));
  if (stdio) {
    // stdout carries the protocol: console output goes to stderr instead.
    // The one place that redirects console output (of kreq or a dependency), so that it cannot corrupt the protocol.
    const toStderr = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
    Object.assign(console, { log: toStderr, info: toStderr, warn: toStderr, debug: toStderr });
  }
  return { reader: guard, writer, stdio };
}
