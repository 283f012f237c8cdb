/**
 * The flow runner with a scripted transport (no network): captures flowing between blocks, assertions with enum
 * names, expected errors, polling within its bound, cancellation, dependencies sent first, prompts, `$dotenv`.
 */

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createFlowValueStore,
  createSessionManager,
  missingPrompts,
  runBlock,
  runBlockWithDependencies,
  runFlow,
  type FlowInput,
  type FlowOptions,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  TransportError,
} from '../../server/src/engine/index';
import { parseKreq } from '../../server/src/language/index';
import { realSchema } from '../support/realSchema';
import { environment, FIXED_NOW } from './engineInputs';

type Answer = (request: HttpRequest, n: number) => unknown;

/** A transport answering each request with `answer(request)` as JSON; records the requests. */
function scripted(answer: Answer): HttpTransport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async send(request): Promise<HttpResponse> {
      requests.push(request);
      if (request.signal?.aborted) throw new Error('aborted');
      return { status: 200, url: request.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer(request, requests.length)) };
    },
    async close() {},
  };
}

function field(request: HttpRequest, name: string): string | undefined {
  return request.fields.find(([k]) => k === name)?.[1];
}

function flowInput(text: string, overrides: Partial<FlowInput> = {}): FlowInput {
  return {
    document: parseKreq(text),
    schema: realSchema(),
    environment: environment({ ks: 'djJ8MTAwfGFiY2RlZmdoaWprbG1ub3A=' }),
    now: () => FIXED_NOW,
    uuid: () => 'u',
    processEnv: {},
    ...overrides,
  };
}

function options(transport: HttpTransport, extra: Partial<FlowOptions> = {}): FlowOptions {
  return { sessions: createSessionManager(), transport, values: new Map(), sleep: async () => undefined, ...extra };
}

const entry = (id: string, status: number, name = 'Intro') => ({ objectType: 'KalturaMediaEntry', id, status, name, mediaType: 1 });
const notFound = (id: string) => ({ objectType: 'KalturaAPIException', code: 'ENTRY_ID_NOT_FOUND', message: `Entry id "${id}" not found`, args: { ENTRY_ID: id } });

const CREATE_THEN_GET = `### Create
media.add
entry:objectType = KalturaMediaEntry
entry:name = Intro
entry:mediaType = VIDEO
> entryId = result:id
?? result:status == NO_CONTENT

### Get
media.get
entryId = {{entryId}}
?? result:status == READY
?? result:name startsWith Int
`;

describe('runFlow', () => {
  test('captures flow into later blocks; assertions read enum names; a failure shows expected and actual names', async () => {
    const transport = scripted((r) => (r.url.endsWith('/action/add') ? entry('0_new', 7) : entry(field(r, 'entryId') ?? '', 4)));
    const opts = options(transport);
    const results = await runFlow(flowInput(CREATE_THEN_GET), parseKreq(CREATE_THEN_GET).blocks, opts);
    assert.equal(field(transport.requests[1], 'entryId'), '0_new');
    assert.equal(opts.values.get('entryId')?.value, '0_new');
    assert.equal(opts.values.get('entryId')?.source, 'media.add (block 1, call 1)');
    assert.deepEqual(results.map((r) => r.passed), [true, false]);
    const [status, name] = results[1].calls[0].assertions;
    assert.equal(status.message, 'status == READY (was PENDING)');
    assert.equal(status.actual, 'PENDING');
    assert.equal(status.expected, 'READY');
    assert.equal(name.outcome.ok, true);
    assert.deepEqual(results[0].calls[0].captures.map((c) => c.shown), ['0_new']);
  });

  test('a block whose captured variable has no value fails without being sent', async () => {
    const transport = scripted(() => notFound('x'));
    const results = await runFlow(flowInput(CREATE_THEN_GET), parseKreq(CREATE_THEN_GET).blocks, options(transport));
    assert.equal(transport.requests.length, 1);
    assert.equal(results[1].tries, 0);
    assert.equal(results[1].passed, false);
    assert.equal(results[1].skipped, undefined);
    assert.equal(results[1].result.error?.kind, 'build');
    assert.match(results[1].result.error?.message ?? '', /\{\{entryId\}\} has no value: block 1 \(line 6\) did not capture it/);
    assert.equal(results[0].calls[0].captures[0].shown, undefined);
    assert.match(results[0].calls[0].captures[0].outcome.captured ? '' : results[0].calls[0].captures[0].outcome.reason, /ENTRY_ID_NOT_FOUND/);
  });

  test('stop on failure skips the rest', async () => {
    const text = 'media.get\nentryId = a\n?? result:status == READY\n###\nmedia.get\nentryId = b\n';
    const transport = scripted((r) => entry(field(r, 'entryId') ?? '', 1));
    const results = await runFlow(flowInput(text), parseKreq(text).blocks, { ...options(transport), stopOnFailure: true });
    assert.equal(transport.requests.length, 1);
    assert.match(results[1].skipped ?? '', /stops on failure/);
  });

  test('an expected error passes; an unexpected success of an error: assertion fails', async () => {
    const text = 'media.get\nentryId = 0_nosuch\n?? error:code == ENTRY_ID_NOT_FOUND\n###\nmedia.get\nentryId = 0_real\n?? error:code == ENTRY_ID_NOT_FOUND\n';
    const transport = scripted((r) => (field(r, 'entryId') === '0_nosuch' ? notFound('0_nosuch') : entry('0_real', 2)));
    const results = await runFlow(flowInput(text), parseKreq(text).blocks, options(transport));
    assert.deepEqual(results.map((r) => r.passed), [true, false]);
    assert.match(results[1].calls[0].assertions[0].message, /the call succeeded/);
  });

  test('_all captures comma-joined values; contains, matches, exists and numbers', async () => {
    const text = [
      'media.list',
      '> ids = result:objects:_all:id',
      '?? result:totalCount >= 2',
      '?? result:objects:_all:id contains 0_b',
      '?? result:objects:0:id matches /^0_[a-z]$/',
      '?? result:objects:5 !exists',
      '?? result:objects:0:name exists',
    ].join('\n');
    const transport = scripted(() => ({ objectType: 'KalturaMediaListResponse', totalCount: 2, objects: [entry('0_a', 2), entry('0_b', 2)] }));
    const opts = options(transport);
    const [result] = await runFlow(flowInput(text), parseKreq(text).blocks, opts);
    assert.equal(opts.values.get('ids')?.value, '0_a,0_b');
    assert.deepEqual(result.calls[0].assertions.map((a) => [a.outcome.ok, a.message]), [
      [true, 'totalCount >= 2'],
      [true, 'objects:_all:id contains 0_b'],
      [true, 'objects:0:id matches /^0_[a-z]$/'],
      [true, 'objects:5 !exists'],
      [true, 'objects:0:name exists'],
    ]);
    assert.equal(result.passed, true);
  });

  test('a regex that backtracks catastrophically elsewhere runs in linear time (RE2)', async () => {
    const text = 'media.get\nentryId = 0_a\n?? result:name matches /^(a+)+$/\n';
    const transport = scripted(() => entry('0_a', 2, `${'a'.repeat(5000)}b`));
    const started = performance.now();
    const [result] = await runFlow(flowInput(text), parseKreq(text).blocks, options(transport));
    assert.ok(performance.now() - started < 1000);
    assert.equal(result.calls[0].assertions[0].outcome.ok, false);
  });

  test('a captured KS is masked where it is shown, and kept whole for later sends', async () => {
    const ks = 'djJ8MTAwfDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTA=';
    const text = 'session.start\nsecret = s3cret-value\npartnerId = 100\n> userKs = result\n?? result startsWith djJ8\n';
    const transport = scripted(() => ks);
    const opts = options(transport);
    const [result] = await runFlow(flowInput(text), parseKreq(text).blocks, opts);
    assert.equal(opts.values.get('userKs')?.value, ks);
    assert.equal(opts.values.get('userKs')?.secret, true);
    assert.equal(result.calls[0].captures[0].shown, '***');
    assert.equal(result.passed, true);
  });
});

describe('polling', () => {
  const text = '# @poll every 5s for 20s\nmedia.get\nentryId = 0_a\n?? result:status == READY\n';

  test('re-sends until the assertions hold, waiting between tries', async () => {
    let clock = 0;
    const waits: number[] = [];
    const transport = scripted((_r, n) => entry('0_a', n < 3 ? 4 : 2));
    const progress: string[] = [];
    const opts = options(transport, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      onProgress: (e) => progress.push(e.kind === 'send' ? `send ${e.attempt}` : e.kind === 'wait' ? `wait ${e.waitMs}` : 'done'),
    });
    const result = await runBlock(flowInput(text), parseKreq(text).blocks[0], opts);
    assert.equal(result.passed, true);
    assert.equal(result.tries, 3);
    assert.deepEqual(waits, [5000, 5000]);
    assert.deepEqual(progress, ['send 1', 'wait 5000', 'send 2', 'wait 5000', 'send 3', 'done']);
  });

  test('gives up when the time is up, with the last outcome, never more than one request beyond the bound', async () => {
    let clock = 0;
    const transport = scripted(() => entry('0_a', 4));
    const opts = options(transport, { now: () => clock, sleep: async (ms) => void (clock += ms) });
    const result = await runBlock(flowInput(text), parseKreq(text).blocks[0], opts);
    assert.equal(result.passed, false);
    assert.equal(result.tries, 5); // t = 0, 5, 10, 15, 20 s
    assert.equal(clock, 20_000);
    assert.equal(result.calls[0].assertions[0].message, 'status == READY (was PENDING)');
  });

  test('a server that is down ends the poll at once with one clear error', async () => {
    const transport: HttpTransport = {
      async send() {
        throw new TransportError('refused', 'Connection refused by http://127.0.0.1:9');
      },
      async close() {},
    };
    const result = await runBlock(flowInput(text), parseKreq(text).blocks[0], options(transport));
    assert.equal(result.tries, 1);
    assert.equal(result.result.error?.kind, 'refused');
  });

  test('cancelling stops a poll within 100 ms, during the wait', async () => {
    const abort = new AbortController();
    const transport = scripted(() => entry('0_a', 4));
    const opts: FlowOptions = { sessions: createSessionManager(), transport, values: new Map(), signal: abort.signal };
    const started = performance.now();
    setTimeout(() => abort.abort(), 50);
    const result = await runBlock(flowInput(text), parseKreq(text).blocks[0], opts);
    const took = performance.now() - started;
    assert.ok(took < 150, `took ${took} ms`);
    assert.equal(result.result.error?.kind, 'cancelled');
    assert.equal(result.passed, false);
  });
});

describe('dependencies and prompts', () => {
  test('sending a block first sends the blocks that capture what it needs, transitively, in file order', async () => {
    const text = [
      '### A',
      'media.add',
      'entry:objectType = KalturaMediaEntry',
      'entry:mediaType = VIDEO',
      '> first = result:id',
      '### B',
      'media.get',
      'entryId = {{first}}',
      '> second = result:name',
      '### C',
      'media.get',
      'entryId = {{second}}',
    ].join('\n');
    const transport = scripted((r) => entry(r.url.endsWith('/action/add') ? '0_a' : `${field(r, 'entryId')}-got`, 2, 'named'));
    const doc = parseKreq(text);
    const results = await runBlockWithDependencies(flowInput(text), doc.blocks[2], options(transport));
    assert.deepEqual(results.map((r) => [r.block.index, r.dependency ?? false]), [[0, true], [1, true], [2, false]]);
    assert.equal(field(transport.requests[2], 'entryId'), 'named');
    // With values present, nothing is sent first.
    const again = options(transport, { values: new Map([['second', { value: 'x', secret: false, line: 8, source: 's', at: 0 }]]) });
    const only = await runBlockWithDependencies(flowInput(text), doc.blocks[2], again);
    assert.equal(only.length, 1);
  });

  test('prompts: missing ones are listed; answers are used and kept for later blocks', async () => {
    const text = '# @prompt apiPassword The password\n# @prompt name\nmedia.list\nfilter:nameLike = {{name}}\n###\nmedia.list\nfilter:nameLike = {{name}}\n';
    const doc = parseKreq(text);
    const missing = missingPrompts(doc, doc.blocks, new Map([['name', 'x']]));
    assert.deepEqual(missing.map((m) => [m.name, m.secret, m.description, m.line]), [['apiPassword', true, 'The password', 0]]);
    const transport = scripted(() => ({ objectType: 'KalturaMediaListResponse', totalCount: 0, objects: [] }));
    const opts = options(transport, { overrides: new Map([['name', 'intro'], ['apiPassword', 'p']]) });
    await runFlow(flowInput(text), doc.blocks, opts);
    assert.deepEqual(transport.requests.map((r) => field(r, 'filter:nameLike')), ['intro', 'intro']);
    assert.equal(opts.values.get('apiPassword')?.secret, true);
  });

  test('{{$dotenv NAME}} reads the given .env values; a missing one keeps the block from being sent', async () => {
    const text = 'media.get\nentryId = {{$dotenv ENTRY}}\n';
    const transport = scripted(() => entry('0_env', 2));
    const sent = await runBlock(flowInput(text, { dotenv: new Map([['ENTRY', '0_env']]) }), parseKreq(text).blocks[0], options(transport));
    assert.equal(field(transport.requests[0], 'entryId'), '0_env');
    assert.equal(sent.passed, true);
    const unsent = await runBlock(flowInput(text), parseKreq(text).blocks[0], options(transport));
    assert.equal(unsent.result.error?.kind, 'build');
    assert.match(unsent.result.error?.message ?? '', /not in a \.env file/);
  });

  test('the value store keeps files and environments apart and clears them', () => {
    const store = createFlowValueStore();
    store.values('a.kreq', 'prod').set('x', { value: '1', secret: false, line: 0, source: 's', at: 0 });
    store.values('a.kreq', 'dev').set('x', { value: '2', secret: false, line: 0, source: 's', at: 0 });
    store.values('b.kreq', 'prod').set('y', { value: '3', secret: false, line: 0, source: 's', at: 0 });
    assert.equal(store.values('a.kreq', 'prod').get('x')?.value, '1');
    assert.equal(store.clear('a.kreq'), 2);
    assert.equal(store.values('a.kreq', 'prod').size, 0);
    assert.equal(store.clear(), 1);
  });
});
