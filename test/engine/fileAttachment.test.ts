/**
 * Files attached with `@path` (issue 8), played as an attacker: a `.kreq` that uploads /etc/passwd, a file above the
 * repository, the user's private env file, `.env`, `~/.ssh` — directly or through a symbolic link.
 */

import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSessionManager, sendBlock, type BuildInput } from '../../server/src/engine/index';
import { decideFileAttachment, type FileAttachmentPolicy } from '../../server/src/engine/fileAttachmentPolicy';
import { buildWireRequest } from '../../server/src/engine/wireRequest';
import { buildInput, environment, removeFolder, tempFolder } from './engineInputs';
import { answerJson, startServer, type LoopbackServer } from './loopbackServer';

const root = tempFolder({
  'home/.ssh/id_rsa': 'PRIVATE KEY',
  'home/.aws/credentials': 'aws',
  'home/clip.mp4': 'video',
  'home/kreq.env.private.json': '{}',
  'home/repo/clips/intro.mp4': 'intro',
  'home/repo/.env': 'A=1',
  'home/repo/.env.local': 'A=1',
  'home/repo/kreq.env.json': '{}',
  'home/repo/a.kreq': '',
});
const home = path.join(root, 'home');
const repo = path.join(home, 'repo');
fs.symlinkSync(path.join(home, '.ssh/id_rsa'), path.join(repo, 'clips/innocent.mp4'));
const servers: LoopbackServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeFolder(root);
});

const policy: FileAttachmentPolicy = { roots: [repo], home };

describe('decideFileAttachment', () => {
  test('inside the root: allowed; outside: ask; explicit allowances', () => {
    assert.deepEqual(decideFileAttachment([path.join(repo, 'clips/intro.mp4')], policy), { kind: 'allowed' });
    assert.equal(decideFileAttachment(['/etc/passwd'], policy).kind, 'ask');
    assert.equal(decideFileAttachment([path.join(home, 'clip.mp4')], policy).kind, 'ask');
    assert.equal(decideFileAttachment([path.join(repo, '../clip.mp4')], policy).kind, 'ask', 'a path climbing out with ..');
    assert.equal(decideFileAttachment(['/etc/passwd'], { ...policy, allowOutside: true }).kind, 'allowed');
    assert.equal(decideFileAttachment(['/etc/passwd'], { ...policy, allowedPaths: ['/etc/passwd'] }).kind, 'allowed');
    assert.equal(decideFileAttachment([path.join(repo, 'clips/x')], { roots: [], home }).kind, 'ask', 'no root: everything asks');
  });

  test('attacker: env files, .env and dot-folders of the home are refused, even inside the root or with --allow-files-outside', () => {
    for (const file of [
      path.join(home, '.ssh/id_rsa'),
      path.join(home, '.aws/credentials'),
      path.join(home, 'kreq.env.private.json'),
      path.join(repo, 'kreq.env.json'),
      path.join(repo, '.env'),
      path.join(repo, '.env.local'),
    ]) {
      const decision = decideFileAttachment([file], { ...policy, allowOutside: true });
      assert.equal(decision.kind, 'refused', file);
      assert.ok('reason' in decision && decision.reason.includes(file));
      assert.equal(decideFileAttachment([file], { ...policy, allowedPaths: [file] }).kind, 'allowed', `${file} by name`);
    }
  });

  test('attacker: a link inside the root to ~/.ssh/id_rsa is judged by where it points', () => {
    const link = path.join(repo, 'clips/innocent.mp4');
    const decision = decideFileAttachment([link, fs.realpathSync(link)], policy);
    assert.equal(decision.kind, 'refused');
  });
});

function input(text: string, extra: Partial<BuildInput>): BuildInput {
  return { ...buildInput(text, { documentPath: path.join(repo, 'a.kreq'), environment: environment({ serviceUrl: extra.environment?.serviceUrl ?? 'http://127.0.0.1:9' }) }), ...extra };
}

const upload = (file: string) => `uploadToken.upload\nuploadTokenId = 1\nfileData = @${file}\n`;

describe('buildWireRequest and sendBlock with a file policy', () => {
  test('a file inside the root is attached; outside without a way to ask is a build problem with the hint', () => {
    const inside = buildWireRequest(input(upload('./clips/intro.mp4'), { fileAccess: { policy } }));
    assert.ok('request' in inside && inside.request.files[0].path === path.join(repo, 'clips/intro.mp4') && inside.request.files[0].ask === undefined);
    const outside = buildWireRequest(input(upload('/etc/passwd'), { fileAccess: { policy, hint: 'pass --allow-file PATH' } }));
    assert.ok('problems' in outside);
    assert.match(outside.problems[0].message, /`@\/etc\/passwd` is not uploaded: \/etc\/passwd is outside .*; pass --allow-file PATH\./);
  });

  test('attacker: the user\'s private env file two folders up and ~/.ssh through a link are never attached', () => {
    for (const file of ['../kreq.env.private.json', './clips/innocent.mp4', '../.ssh/id_rsa']) {
      const built = buildWireRequest(input(upload(file), { fileAccess: { policy }, askFile: async () => true }));
      assert.ok('problems' in built, file);
      assert.match(built.problems[0].message, /kreq never uploads it/);
    }
  });

  test('outside the root: the user is asked once per send; Cancel fails the send and nothing is sent', async () => {
    const server = await startServer((_r, res) => answerJson(res, { id: 'tok', objectType: 'KalturaUploadToken' }));
    servers.push(server);
    const asked: string[] = [];
    const send = (answer: boolean) =>
      sendBlock(
        input(upload('../clip.mp4'), {
          environment: environment({ serviceUrl: server.url }),
          fileAccess: { policy },
          askFile: async (file, serviceUrl) => {
            asked.push(`${file} → ${serviceUrl}`);
            return answer;
          },
        }),
        { sessions: createSessionManager() },
      );
    const refused = await send(false);
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.kind, 'build');
    assert.match(refused.error!.message, new RegExp(`the upload of ${path.join(home, 'clip.mp4').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} to ${server.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} was not allowed`));
    assert.equal(server.received.length, 0);
    const allowed = await send(true);
    assert.equal(allowed.error, undefined, allowed.error?.message);
    assert.equal(server.received.length, 1);
    assert.equal(server.received[0].files.fileData?.content, 'video');
    assert.deepEqual(asked, [`${path.join(home, 'clip.mp4')} → ${server.url}`, `${path.join(home, 'clip.mp4')} → ${server.url}`]);
  });
});
