/**
 * Takes an editor configuration snippet out of README.md's "Other editors" section and points it at this build's
 * server, so the editor tests run the very text a reader copies.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repoPaths';

/** The server path the README's snippets use; a reader replaces it, and so do the tests. */
export const README_SERVER_PATH = '/path/to/kreq/dist/server.js';

const SECTION = '## Other editors';

/** The fenced code blocks of the section, with their info string. */
function sectionBlocks(): Array<{ readonly language: string; readonly code: string }> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  assert.ok(start >= 0, `README.md has no "${SECTION}" section`);
  const rest = readme.slice(start + SECTION.length + 2);
  const next = rest.search(/^## /m);
  const section = next >= 0 ? rest.slice(0, next) : rest;
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ language: m[1], code: m[2] }));
}

/**
 * The one `language` block of the section that contains `marker`, with `"node"`/`'node'` and the placeholder server
 * path replaced by `node` and `server` (quoted by `quote`).
 */
export function readmeSnippet(language: string, marker: string, node: string, server: string, quote: (text: string) => string): string {
  const blocks = sectionBlocks().filter((b) => b.language === language && b.code.includes(marker));
  assert.equal(blocks.length, 1, `README.md "${SECTION}" should hold one \`\`\`${language} block containing ${marker}`);
  const code = blocks[0].code;
  const placeholder = new RegExp(`(["'])node\\1(,?\\s+)(["'])${README_SERVER_PATH.replace(/[/.]/g, '\\$&')}\\3`, 'g');
  assert.ok(placeholder.test(code), `the README ${language} snippet should start the server as "node" "${README_SERVER_PATH}"`);
  return code.replace(placeholder, (_all, _q1: string, gap: string) => `${quote(node)}${gap}${quote(server)}`);
}

/** A Lua string literal. */
export function luaString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An Emacs Lisp string literal. */
export function elispString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
