/**
 * Enforces the LSP lifecycle on incoming messages, before any handler sees them: requests before `initialize` are
 * answered `ServerNotInitialized`, requests after `shutdown` `InvalidRequest`, and notifications in either state
 * are dropped (except `exit`). Wraps a `MessageReader`, so it holds for every handler, present and future.
 */

import {
  type DataCallback,
  type Disposable,
  ErrorCodes,
  type Message,
  type MessageReader,
  type MessageWriter,
  type RequestMessage,
} from 'vscode-languageserver/node';

export type LifecyclePhase = 'new' | 'running' | 'shut-down';

function isRequest(message: Message): message is RequestMessage {
  const m = message as Partial<RequestMessage>;
  return typeof m.method === 'string' && m.id !== undefined && m.id !== null;
}

function isNotification(message: Message): message is Message & { method: string } {
  const m = message as Partial<RequestMessage>;
  return typeof m.method === 'string' && (m.id === undefined || m.id === null);
}

export class LifecycleGuard implements MessageReader {
  private current: LifecyclePhase = 'new';

  /** `observe` sees each admitted message before the handlers do. */
  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
    private readonly observe?: (message: Message) => void,
  ) {}

  get phase(): LifecyclePhase {
    return this.current;
  }

  get onError() {
    return this.reader.onError;
  }

  get onClose() {
    return this.reader.onClose;
  }

  get onPartialMessage() {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => {
      if (!this.admit(message)) return;
      this.observe?.(message);
      callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  /** Whether the message goes on to the handlers; a refused request is answered here. */
  private admit(message: Message): boolean {
    if (isRequest(message)) {
      if (this.current === 'new') {
        if (message.method === 'initialize') {
          this.current = 'running';
          return true;
        }
        this.refuse(message, ErrorCodes.ServerNotInitialized, `The server is not initialized: \`${message.method}\` came before \`initialize\`.`);
        return false;
      }
      if (this.current === 'shut-down') {
        this.refuse(message, ErrorCodes.InvalidRequest, `The server is shutting down: \`${message.method}\` came after \`shutdown\`; only \`exit\` is accepted.`);
        return false;
      }
      if (message.method === 'shutdown') this.current = 'shut-down';
      return true;
    }
    if (isNotification(message) && this.current !== 'running') return message.method === 'exit';
    return true;
  }

  private refuse(request: RequestMessage, code: number, text: string): void {
    void this.writer.write({ jsonrpc: '2.0', id: request.id, error: { code, message: text } } as Message).catch(() => undefined);
  }
}
