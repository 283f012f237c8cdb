// Runs `kreq sandbox --port 0` (the built CLI, dist/cli.js) as a child process for the UI scenarios, as a user
// would start it, and reads the address it listens on from its first line. Like a user's, it starts with the demo
// content (entries 0_sandbox1…0_sandbox5 of demo@example.com, category 1, see server/src/sandbox/README.md) unless
// `empty`.
//
//   const sandbox = await startSandboxProcess();   // sandbox.url; await sandbox.close()
//   const slow = await startSandboxProcess({ convertSeconds: 2 });   // entries READY 2 s after their upload
//   const bare = await startSandboxProcess({ empty: true });   // kreq sandbox --empty: no entries, users, categories

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServerHarness.mjs';

export function startSandboxProcess({ timeoutMs = 30000, convertSeconds, empty = false } = {}) {
  const args = [
    path.join(REPO_ROOT, 'dist', 'cli.js'), 'sandbox', '--port', '0',
    ...(convertSeconds === undefined ? [] : ['--convert-seconds', String(convertSeconds)]),
    ...(empty ? ['--empty'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const close = () => new Promise(resolve => {
    process.removeListener('exit', kill);
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { kill(); reject(new Error(`kreq sandbox did not start in ${timeoutMs} ms: ${output}`)); }, timeoutMs);
    const read = chunk => {
      output += chunk.toString('utf8');
      const match = /Kaltura sandbox on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], close });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', chunk => (output += chunk.toString('utf8')));
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`kreq sandbox exited with ${code}: ${output}`)); });
  });
}
