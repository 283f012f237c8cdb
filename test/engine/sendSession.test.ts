/** The send session shared by the CLI and the server: the credentials check before sending, the hint after, block spans and the reply's shape. */

import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHttpTransport, createSessionManager, SendSession, blockSpan, type Environment } from '../../server/src/engine/index';
import { parseKreq } from '../../server/src/language/index';
import { realSchema } from '../support/realSchema';
import { buildInput, environment } from './engineInputs';
import { answerJson, startServer, type LoopbackServer } from './loopbackServer';

const transport = createHttpTransport();
const servers: LoopbackServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await transport.close();
});

function session(text: string, env: Environment, name: string | undefined = 'prod'): SendSession {
  const input = buildInput(text, { environment: env, schema: realSchema() });
  return new SendSession({ input, environmentName: name, uri: 'file:///a.kreq', sessions: createSessionManager({ transport }), transport, values: new Map(), now: () => 1_000 });
}

describe('missing credentials, before sending', () => {
  const cases: Array<[string, string, Parameters<typeof environment>[0], number | undefined]> = [
    ['media.list needs a KS; nothing to start one with', '### list\nmedia.list\n', {}, 1],
    ['an adminSecret can start one', '### list\nmedia.list\n', { adminSecret: 's', partnerId: '1' }, undefined],
    ['a ks is one', '### list\nmedia.list\n', { ks: 'djJ8MTAwfA' }, undefined],
    ['an appToken can start one', '### list\nmedia.list\n', { appToken: { id: 't', token: 'x' } }, undefined],
    ['session.start needs none', '### start\nsession.start\nsecret = s\npartnerId = 1\n', {}, undefined],
    ['a block that sets ks needs none', '### list\nmedia.list\nks = abc\n', {}, undefined],
    ['the second call of a multirequest', '### mr\nsystem.ping\n\nmedia.list\n', {}, 3],
  ];
  for (const [name, text, settings, line] of cases) {
    test(name, () => {
      const s = session(text, environment(settings));
      const missing = s.missingCredentials(parseKreq(text).blocks);
      assert.equal(missing?.line, line);
      if (missing) assert.match(missing.message, /needs a KS, and environment "prod" has no ks, adminSecret, userSecret or appToken/);
    });
  }
});

describe('the hint after a call failed for lack of a KS', () => {
  test('MISSING_KS from an environment without credentials says why; with credentials, no hint', async () => {
    const s = await startServer((_r, res) => answerJson(res, { objectType: 'KalturaAPIException', code: 'MISSING_KS', message: 'Missing KS, session not established', args: [] }));
    servers.push(s);
    const text = '### list\nmedia.list\n';
    const bare = session(text, environment({ serviceUrl: s.url }));
    const [result] = await bare.sendBlock(parseKreq(text).blocks[0]);
    const json = bare.json(result);
    assert.equal(json.ok, false);
    assert.match(json.hint ?? '', /^MISSING_KS: environment "prod" has no ks, adminSecret, userSecret or appToken, so no KS was sent/);
    const withKs = session(text, environment({ serviceUrl: s.url, ks: 'abc' }));
    const [second] = await withKs.sendBlock(parseKreq(text).blocks[0]);
    assert.equal(withKs.json(second).hint, undefined);
  });
});

describe('block spans', () => {
  test('from a block’s first line to the line before the next block, the last to the document’s end (a leading comment is in none)', () => {
    const doc = parseKreq('# intro\n\n### a\nsystem.ping\n\n### b\nmedia.list\n\n\n');
    assert.deepEqual(doc.blocks.map((b) => blockSpan(doc, b)), [
      { startLine: 2, endLine: 4 },
      { startLine: 5, endLine: 9 },
    ]);
  });
});

describe('the replies', () => {
  test('kreq.send’s reply carries the span, the call count, the session and the response document', async () => {
    const s = await startServer((_r, res) => answerJson(res, true));
    servers.push(s);
    const text = '### ping\nsystem.ping\n';
    const sending = session(text, environment({ serviceUrl: s.url }));
    const block = parseKreq(text).blocks[0];
    const reply = sending.sendReply(await sending.sendBlock(block), block, realSchema());
    assert.deepEqual(reply.span, { startLine: 0, endLine: 2 });
    assert.equal(reply.callCount, 1);
    assert.deepEqual(reply.session, { environment: 'prod' });
    assert.equal(reply.sentAt, 1_000);
    assert.match(reply.response?.text ?? '', /system\.ping/);
  });
});
