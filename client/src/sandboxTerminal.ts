/**
 * "Kreq: Start the Sandbox" (`kreq.startSandbox`): runs the extension's own `kreq sandbox` (dist/cli.js, with the
 * extension host's node) in a VS Code terminal, on the port of a loopback `serviceUrl` when given one, and resolves
 * once it listens.
 */

import * as net from 'node:net';
import * as vscode from 'vscode';
import { isLoopbackUrl, urlPort } from './blockFailureText';

export const START_SANDBOX_COMMAND = 'kreq.startSandbox';
/** `kreq sandbox`'s own default port. */
export const DEFAULT_SANDBOX_PORT = 8765;
/** How long to wait for the sandbox to listen. */
const LISTEN_TIMEOUT_MS = 20_000;

/** What `kreq.startSandbox` resolves with. */
export interface SandboxStart {
  /** `http://127.0.0.1:8765`. */
  readonly url: string;
  readonly listening: boolean;
}

/** Where to run the sandbox: the loopback `serviceUrl`'s host and port, else 127.0.0.1:8765. */
export function sandboxAddress(serviceUrl: string | undefined): { readonly host: string; readonly port: number } {
  if (serviceUrl && isLoopbackUrl(serviceUrl)) {
    const hostname = new URL(serviceUrl).hostname.replace(/^\[|\]$/g, '');
    return { host: hostname === '::1' ? '::1' : '127.0.0.1', port: urlPort(serviceUrl) ?? DEFAULT_SANDBOX_PORT };
  }
  return { host: '127.0.0.1', port: DEFAULT_SANDBOX_PORT };
}

/** The arguments of `node dist/cli.js …` for that address (`--host` only when it is not the default). */
export function sandboxArguments(cli: string, address: { readonly host: string; readonly port: number }): string[] {
  return [cli, 'sandbox', '--port', String(address.port), ...(address.host !== '127.0.0.1' ? ['--host', address.host] : [])];
}

function serviceUrlOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && typeof (argument as { serviceUrl?: unknown }).serviceUrl === 'string') return (argument as { serviceUrl: string }).serviceUrl;
  return undefined;
}

/** Whether something accepts connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitUntilListening(host: string, port: number, terminal: vscode.Terminal): Promise<boolean> {
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await accepts(host, port)) return true;
    if (terminal.exitStatus !== undefined) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Registers `kreq.startSandbox` (argument: a `serviceUrl`, or `{ serviceUrl }`). */
export function registerSandboxTerminal(context: vscode.ExtensionContext): vscode.Disposable {
  const terminals = new Map<string, vscode.Terminal>();
  const start = async (argument?: unknown): Promise<SandboxStart> => {
    const address = sandboxAddress(serviceUrlOf(argument));
    const url = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
    const key = `${address.host}:${address.port}`;
    let terminal = terminals.get(key);
    if (terminal && terminal.exitStatus === undefined) {
      terminal.show(true);
    } else {
      if (await accepts(address.host, address.port)) {
        void vscode.window.showInformationMessage(`Kreq: something already listens on ${url}; no sandbox was started.`);
        return { url, listening: true };
      }
      terminal = vscode.window.createTerminal({
        name: `kreq sandbox :${address.port}`,
        // The extension host's own node: VS Code's Electron runs as node with ELECTRON_RUN_AS_NODE (code-server's is node).
        shellPath: process.execPath,
        shellArgs: sandboxArguments(context.asAbsolutePath('dist/cli.js'), address),
        env: { ELECTRON_RUN_AS_NODE: '1' },
        iconPath: new vscode.ThemeIcon('server-process'),
      });
      terminals.set(key, terminal);
      terminal.show(true);
    }
    const listening = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Kreq: starting the sandbox on ${url}…` },
      () => waitUntilListening(address.host, address.port, terminal),
    );
    if (!listening) void vscode.window.showErrorMessage(`Kreq: the sandbox did not start on ${url}; see its terminal "${terminal.name}".`);
    return { url, listening };
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(START_SANDBOX_COMMAND, start),
    vscode.window.onDidCloseTerminal((closed) => {
      for (const [key, terminal] of terminals) if (terminal === closed) terminals.delete(key);
    }),
  );
}
