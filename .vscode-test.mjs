// @vscode/test-cli configuration of the extension-host suite (test/vscode/*.vscode-test.ts, compiled to out/):
// a fresh copy of examples/ as the workspace, the real 22.19.0 schema, and the VS Code to run in — downloaded by
// the standard tooling, or, with KREQ_VSCODE_SHIM=1 or in CI (no download possible there), the VS Code that
// code-server ships, started by scripts/code-server-shim.mjs; with the shim, a second run opens a copy of examples/
// untrusted (test/vscode/*.untrusted-test.ts). Run: npm run test:vscode (after npm run build).
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const flag = value => !!value && value !== 'false' && value !== '0';
const useShim = flag(process.env.KREQ_VSCODE_SHIM) || flag(process.env.CI);

// The workspace: examples/ as a user has it, plus settings that pin the schema (no download of the live one).
const schema = path.join(root, 'dist', 'kaltura-schema.xml');
const workspace = path.join(root, '.vscode-test', 'workspace');
fs.rmSync(workspace, { recursive: true, force: true });
fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
  'kreq.schema': schema,
  'editor.wordBasedSuggestions': 'off',
  'workbench.startupEditor': 'none',
}, null, 2));

// The untrusted run (code-server only: KREQ_SHIM_UNTRUSTED turns Workspace Trust on in a fresh profile): a copy of
// examples/ whose workspace settings name a schema the untrusted window must not load.
const untrustedWorkspace = path.join(root, '.vscode-test', 'untrusted-workspace');
fs.rmSync(untrustedWorkspace, { recursive: true, force: true });
fs.cpSync(path.join(root, 'examples'), untrustedWorkspace, { recursive: true });
fs.mkdirSync(path.join(untrustedWorkspace, '.vscode'), { recursive: true });
fs.writeFileSync(path.join(untrustedWorkspace, '.vscode', 'settings.json'), JSON.stringify({
  'kreq.schema': 'http://127.0.0.1:9/api_v3/api_schema.php',
  'kreq.serviceUrl': 'http://127.0.0.1:9',
  'editor.wordBasedSuggestions': 'off',
  'workbench.startupEditor': 'none',
}, null, 2));

const trusted = {
  label: 'extension host',
  files: 'out/test/vscode/**/*.vscode-test.js',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  // examples/multirequest.kreq reads these with {{$env …}}; the suite points the `sandbox` environment at its sandbox.
  env: { KALTURA_ADMIN_SECRET: 'sandbox-admin-secret', KALTURA_PARTNER_ID: '100' },
  mocha: { ui: 'tdd', timeout: 60_000, color: false },
  ...(useShim ? { useInstallation: { fromPath: path.join(root, 'scripts', 'code-server-shim.mjs') } } : {}),
};

const untrusted = {
  ...trusted,
  label: 'untrusted workspace',
  files: 'out/test/vscode/**/*.untrusted-test.js',
  workspaceFolder: untrustedWorkspace,
  env: { ...trusted.env, KREQ_SHIM_UNTRUSTED: '1' },
};

export default defineConfig(useShim ? [trusted, untrusted] : [trusted]);
