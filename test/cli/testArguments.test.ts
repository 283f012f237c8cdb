/**
 * Reading the arguments of `kreq send` and `kreq test` (`--var`, `--reporter`, `--output`, `--bail`), answering
 * prompts (terminal or usage error), the "sent first" lines of `send --block N`, and when no server was reached.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowBlockResult, MissingPrompt } from '../../server/src/engine/index';
import { parseKreq } from '../../server/src/language/index';
import { UsageError } from '../../server/src/cli/checkCommand';
import { readArguments, readVariables } from '../../server/src/cli/cliArguments';
import { answerPrompts, MissingInputError } from '../../server/src/cli/prompts';
import { parseSendArguments, sentFirstLines } from '../../server/src/cli/sendCommand';
import { noServerReached, parseTestArguments } from '../../server/src/cli/testCommand';
import type { FileRun } from '../../server/src/cli/testReport';

describe('kreq test arguments', () => {
  test('files and folders, every option, --flag=value and --flag value', () => {
    assert.deepEqual(
      parseTestArguments([
        'a.kreq', 'dir', '--env', 'sandbox', '--var', 'x=1', '--var=y=a=b', '--reporter=junit', '--output', 'r.xml', '--bail', '--timeout', '2.5',
        '--env-dir', 'conf', '--allow-file', '../a.mp4', '--allow-file=/b.mp4', '--allow-files-outside',
      ]),
      {
        paths: ['a.kreq', 'dir'],
        env: 'sandbox',
        variables: new Map([
          ['x', '1'],
          ['y', 'a=b'],
        ]),
        reporter: 'junit',
        output: 'r.xml',
        bail: true,
        schema: undefined,
        timeoutMs: 2500,
        access: { envDir: 'conf', allowFiles: ['../a.mp4', '/b.mp4'], allowFilesOutside: true },
      },
    );
  });

  test('defaults: text reporter, stdout, no bail', () => {
    const options = parseTestArguments(['--', '-odd.kreq']);
    assert.deepEqual([options.paths, options.reporter, options.output, options.bail, options.variables.size], [['-odd.kreq'], 'text', undefined, false, 0]);
    assert.deepEqual(options.access, { allowFiles: [], allowFilesOutside: false });
  });

  const bad: Array<[string[], RegExp]> = [
    [[], /test needs \.kreq files or folders/],
    [['a.kreq', '--reporter', 'xml'], /--reporter must be text, json or junit, not "xml"/],
    [['a.kreq', '--var', 'novalue'], /--var takes NAME=VALUE/],
    [['a.kreq', '--var', '1x=2'], /--var takes NAME=VALUE/],
    [['a.kreq', '--output'], /--output needs a value/],
    [['a.kreq', '--block', '1'], /unknown option --block/],
    [['a.kreq', '--timeout', '0'], /--timeout must be a number of seconds/],
  ];
  for (const [args, message] of bad) {
    test(`usage error: ${args.join(' ') || '(nothing)'}`, () => {
      assert.throws(() => parseTestArguments(args), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe('kreq send arguments', () => {
  test('--var is repeatable, the last value of a name wins, an empty value is a value', () => {
    const options = parseSendArguments(['f.kreq', '--var', 'a=1', '--var', 'a=2', '--var', 'b=', '--block', '2']);
    assert.deepEqual([...options.variables], [
      ['a', '2'],
      ['b', ''],
    ]);
    assert.equal(options.block, 2);
  });

  test('readArguments keeps switches, values and repeats apart', () => {
    const read = readArguments(['x', '--on', '--k=v', '--r', '1', '--r', '2'], { valued: new Set(['--k']), repeated: new Set(['--r']), switches: new Set(['--on']) });
    assert.deepEqual([read.positionals, [...read.values], [...read.repeated], [...read.switches]], [['x'], [['--k', 'v']], [['--r', ['1', '2']]], ['--on']]);
    assert.deepEqual([...readVariables(['n.a-me=x'])], [['n.a-me', 'x']]);
  });
});

describe('prompts', () => {
  const doc = parseKreq(['### one', '# @prompt password the admin password', 'system.ping', '', '### two', '# @prompt userId', 'system.ping'].join('\n'));
  const prompt = (i: number, name: string, secret: boolean): MissingPrompt => ({ name, secret, block: doc.blocks[i], line: doc.blocks[i].directives[0].line });

  test('without a terminal: a usage error naming the block and --var', async () => {
    await assert.rejects(
      answerPrompts([{ prompt: prompt(1, 'userId', false) }], undefined),
      (e: unknown) => e instanceof MissingInputError && e.message === 'block 2 needs a value for {{userId}} (# @prompt userId): pass --var userId=VALUE',
    );
    await assert.rejects(answerPrompts([{ prompt: prompt(1, 'userId', false), file: 'a.kreq' }], undefined), (e: unknown) => e instanceof MissingInputError && e.message.startsWith('a.kreq: block 2 needs'));
  });

  test('on a terminal: asked in order, each name once, secrets unechoed', async () => {
    const asked: Array<[string, boolean]> = [];
    const answers = await answerPrompts(
      [{ prompt: { ...prompt(0, 'password', true), description: 'the admin password' } }, { prompt: prompt(1, 'userId', false) }, { prompt: prompt(1, 'userId', false) }],
      async (question, secret) => {
        asked.push([question, secret]);
        return `answer ${asked.length}`;
      },
    );
    assert.deepEqual(asked, [
      ['{{password}} (the admin password) for block 1: ', true],
      ['{{userId}} for block 2: ', false],
    ]);
    assert.deepEqual([...answers], [
      ['password', 'answer 1'],
      ['userId', 'answer 2'],
    ]);
  });
});

describe('kreq send --block N: what is sent first', () => {
  test('each dependency with the captures it gives and the blocks that use them', () => {
    const doc = parseKreq(
      [
        '### a',
        'media.add',
        'entry:mediaType = VIDEO',
        '> entryId = result:id',
        '',
        '### b',
        'uploadToken.add',
        '> tokenId = result:id',
        '',
        '### c',
        'media.addContent',
        'entryId = {{entryId}}',
        'resource:objectType = KalturaUploadedFileTokenResource',
        'resource:token = {{tokenId}}',
      ].join('\n'),
    );
    const [a, b, c] = doc.blocks;
    assert.deepEqual(sentFirstLines(doc, c, [a, b]), ['block 1 is sent first: it captures {{entryId}}, which block 3 uses', 'block 2 is sent first: it captures {{tokenId}}, which block 3 uses']);
  });
});

describe('no server reached', () => {
  const block = parseKreq('system.ping').blocks[0];
  const failed = (kind: 'refused' | 'timeout' | 'http-status'): FlowBlockResult => ({
    block,
    result: { block: 1, line: 0, ok: false, durationMs: 1, calls: [], curl: '', error: { kind, message: kind } },
    calls: [],
    passed: false,
    tries: 1,
    elapsedMs: 1,
  });
  const skipped: FlowBlockResult = { ...failed('refused'), tries: 0, skipped: 'not run', result: { block: 1, line: 0, ok: false, durationMs: 0, calls: [], curl: '' } };
  const run = (...results: FlowBlockResult[]): FileRun => ({ file: 'f', results, durationMs: 1 });

  test('every sent block failed without reaching a server', () => {
    assert.equal(noServerReached([run(failed('refused'), skipped), run(failed('timeout'))]), true);
    assert.equal(noServerReached([run(failed('refused'), failed('http-status'))]), false, 'an HTTP status came from a server');
    assert.equal(noServerReached([run(skipped)]), false, 'nothing sent');
    assert.equal(noServerReached([]), false);
  });
});
