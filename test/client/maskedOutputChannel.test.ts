/** The "Kreq" output channel masks stored secrets, `"secrets"` objects and KS-looking strings in traces and logs (issue 8). */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MaskedOutputChannel, maskTraceText, StoredSecretValues, type StoredSecretReader } from '../../client/src/maskedOutputChannel';

/** The channel type the wrapper takes (vscode's LogOutputChannel; tests do not import vscode). */
type LogChannel = ConstructorParameters<typeof MaskedOutputChannel>[0];

function ksV1(userId: string): string {
  const info = `100;100;1800000000;2;1234;${userId};;;`;
  return Buffer.from(`${createHash('sha1').update(`secret${info}`).digest('hex')}|${info}`).toString('base64');
}

const KS = ksV1('me@example.com');
const STORED = 'stored/admin+secret 1';

/** What the language client traces for a kreq.send (Params pretty-printed, as vscode-jsonrpc does). */
const TRACE = `Sending request 'workspace/executeCommand - (12)'.
Params: {
    "command": "kreq.send",
    "arguments": [
        {
            "uri": "file:///w/a.kreq",
            "block": 0,
            "environment": "prod",
            "secrets": {
                "prod@https://www.kaltura.com.adminSecret": "${STORED}",
                "@https://www.kaltura.com.ks": "not-in-the-store-but-in-secrets",
                "nested": { "x": "y" }
            },
            "answers": { "name": "kept" }
        }
    ]
}`;

describe('maskTraceText', () => {
  test('kreq.send: every value of "secrets" is masked, keys and the rest kept', () => {
    const shown = maskTraceText(TRACE, []);
    assert.ok(!shown.includes(STORED) && !shown.includes('not-in-the-store-but-in-secrets'), shown);
    assert.match(shown, /"prod@https:\/\/www\.kaltura\.com\.adminSecret": "\*\*\*"/);
    assert.match(shown, /"nested": \{ "x": "\*\*\*" \}/);
    assert.match(shown, /"answers": \{ "name": "kept" \}/);
    assert.match(shown, /"uri": "file:\/\/\/w\/a\.kreq"/);
  });

  const spellings: [string, string][] = [
    ['raw', STORED],
    ['JSON-escaped', JSON.stringify(STORED).slice(1, -1).replace(/\//g, '\\/')],
    ['URL-encoded', encodeURIComponent(STORED)],
    ['form-encoded', new URLSearchParams({ s: STORED }).toString().slice(2)],
    ['base64', Buffer.from(STORED).toString('base64')],
    ['base64url', Buffer.from(STORED).toString('base64url')],
  ];
  for (const [name, spelt] of spellings) {
    test(`a stored secret, ${name}, anywhere in a line`, () => {
      assert.equal(maskTraceText(`[Trace] body: x=${spelt}&y=1`, [STORED]), '[Trace] body: x=***&y=1');
    });
  }

  test('KS-looking strings (v1, v2, url-safe) are masked without being known; ordinary words are not', () => {
    const v2 = `djJ8MTAwfH${'Ab'.repeat(40)}`;
    const text = `ks ${KS} v2 ${v2} url ${KS.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')} KalturaMediaListResponse 0_abcdef12`;
    assert.equal(maskTraceText(text, []), 'ks *** v2 *** url *** KalturaMediaListResponse 0_abcdef12');
  });

  test('secret-named fields are masked; dependency tokens kept', () => {
    assert.equal(maskTraceText('{"adminSecret": "abc", "ks": "{1:result}", "userSecret":"x y"}', []), '{"adminSecret": "***", "ks": "{1:result}", "userSecret":"***"}');
  });

  test('linear: a 10 MB trace in well under 3 s', () => {
    const big = `"secrets": {${'"k": "v",'.repeat(1024 * 1024)}} ${'A'.repeat(1024 * 1024)}`;
    const started = performance.now();
    maskTraceText(big, [STORED, KS]);
    assert.ok(performance.now() - started < 3_000);
  });
});

/** A LogOutputChannel that records what it was given. */
function fakeChannel(): { channel: LogChannel; lines: string[] } {
  const lines: string[] = [];
  const record = (prefix: string) => (message: unknown, ...args: unknown[]) => void lines.push([prefix, String(message), ...args.map(String)].join(' '));
  const channel = {
    name: 'Kreq',
    logLevel: 1,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    trace: record('trace'),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    append: record('append'),
    appendLine: record('appendLine'),
    replace: record('replace'),
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  } as unknown as LogChannel;
  return { channel, lines };
}

describe('MaskedOutputChannel', () => {
  test('every way of writing masks before the wrapped channel gets the text', () => {
    const { channel, lines } = fakeChannel();
    const masked = new MaskedOutputChannel(channel, { values: () => [STORED] });
    masked.trace(TRACE);
    masked.info(`sent with ${STORED}`, `arg ${KS}`);
    masked.error(new Error(`failed: ${encodeURIComponent(STORED)}`));
    masked.appendLine(`line ${KS}`);
    masked.append(STORED);
    masked.replace(`all ${STORED}`);
    const all = lines.join('\n');
    for (const secret of [STORED, encodeURIComponent(STORED), KS, 'not-in-the-store-but-in-secrets']) assert.ok(!all.includes(secret), all);
    assert.deepEqual(lines.slice(1), ['info sent with *** arg ***', 'error Error: failed: ***', 'appendLine line ***', 'append ***', 'replace all ***']);
    assert.equal(masked.name, 'Kreq');
  });

  test('StoredSecretValues reads every environment the store names, and again when it changes', async () => {
    let listener: ((e: unknown) => void) | undefined;
    const stored: Record<string, Record<string, string>> = { '': { '@o.ks': 'for-all-envs' }, prod: { '@o.ks': 'for-all-envs', 'prod@o.adminSecret': 'prod-secret' } };
    const store: StoredSecretReader = {
      onDidChange: (l: (e: unknown) => void) => {
        listener = l;
        return { dispose: () => undefined };
      },
      names: () => Object.keys(stored).filter((e) => e !== '').map((environment) => ({ environment })),
      secretsFor: (environment) => Promise.resolve(stored[environment ?? '']),
    };
    const values = new StoredSecretValues(store);
    await values.refresh();
    assert.deepEqual([...values.values()].sort(), ['for-all-envs', 'prod-secret']);
    stored.test = { 'test@o.userSecret': 'test-secret' };
    listener?.({});
    await new Promise((r) => setTimeout(r, 10));
    assert.ok([...values.values()].includes('test-secret'));
    values.dispose();
  });
});
