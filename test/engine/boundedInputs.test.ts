/**
 * Plays the attacker against the request engine's own text handling: summaries, HTML titles and variable
 * expansion take time linear in their input, expansion is bounded, and each failure has its proper kind.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionManager, sendBlock, summarizeValue, type HttpResponse, type HttpTransport } from '../../server/src/engine/index';
import { httpStatusError, htmlError } from '../../server/src/engine/transportErrors';
import { curlyTokens, MAX_EXPANDED_LENGTH, substituteVariables, type VariableScope } from '../../server/src/engine/valueResolution';
import { buildInput } from './engineInputs';

/** Milliseconds `run` takes, best of three. */
function timed(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** 10× the input may cost at most 15× the time (times under 20 ms count as 20 ms). */
function assertLinear(what: string, make: (n: number) => string, run: (input: string) => void): void {
  const [small, big] = [100_000, 1_000_000].map((n) => make(n));
  const [t1, t2] = [small, big].map((input) => timed(() => run(input)));
  assert.ok(Math.max(t2, 20) / Math.max(t1, 20) <= 15, `${what}: ${t1.toFixed(1)} → ${t2.toFixed(1)} ms for 10× the input`);
  assert.ok(t2 < 2000, `${what}: ${t2.toFixed(0)} ms for 1M characters`);
}

function scope(fileVariables: Record<string, string>): VariableScope {
  return { fileVariables: new Map(Object.entries(fileVariables)), environmentVariables: new Map(), processEnv: {}, now: () => 0, uuid: () => 'u' };
}

test('a result of blanks is summarised in linear time, and still reads as before', () => {
  assertLinear('summary of blanks', (n) => ' '.repeat(n), (s) => summarizeValue(s));
  assertLinear('summary of blanks and a line break', (n) => ' '.repeat(n) + '\nx', (s) => summarizeValue(s));
  assert.equal(summarizeValue('a  \n  b'), 'a b');
  assert.equal(summarizeValue('a  b'), 'a  b');
  assert.equal(summarizeValue('x'.repeat(100)), 'x'.repeat(79) + '…');
  assert.equal(summarizeValue(' '.repeat(100_000)).length, 80);
});

test('the title of a long HTML page is found in linear time', () => {
  const page = (n: number) => '<!DOCTYPE html><html><head>' + '<title'.repeat(n / 6);
  assertLinear('unclosed <title', page, (body) => htmlError('http://x/api_v3', 200, body));
  assertLinear('unclosed <title, status', page, (body) => httpStatusError('http://x/api_v3', 502, body));
  const spaced = (n: number) => '<html><title>' + ' '.repeat(n);
  assertLinear('title of blanks', spaced, (body) => htmlError('http://x/api_v3', 200, body));
  assert.match(htmlError('u', 200, '<html><head><TITLE lang="en"> Log  in </TITLE>').message, /\("Log in"\)/);
  assert.match(htmlError('u', 200, '<html><title>' + 'x'.repeat(300) + '</title>').message, /HTML page,/);
  assert.match(htmlError('u', 200, '<html><title><title>T</title>').message, /\("T"\)/);
});

test('variables are substituted in linear time', () => {
  for (const piece of ['{{$env a', '{{a', '{{', '{{ a }', '{{x}}']) {
    assertLinear(`value of ${piece}`, (n) => piece.repeat(n / piece.length), (text) => substituteVariables(text, scope({ x: 'y' })));
  }
});

test('angle tokens are turned curly in linear time, as before', () => {
  assertLinear('value of <1:result:', (n) => '<1:result:'.repeat(n / 10), (text) => curlyTokens(text));
  assertLinear('value of <1:result>', (n) => '<1:result>'.repeat(n / 10), (text) => curlyTokens(text));
  assert.equal(curlyTokens('a <1:result:objects:0:id> b <2:result> <3:resultx> <4:result:a<5:result>'), 'a {1:result:objects:0:id} b {2:result} <3:resultx> {4:result:a<5:result}');
  assert.equal(curlyTokens('x<<1:result>'), 'x<{1:result}');
  assert.equal(curlyTokens('<1:result:a:b>c>'), '{1:result:a:b}c>');
  assert.equal(curlyTokens('<1:result'), '<1:result');
});

test('a doubling chain of variables stops at the nesting bound, naming the variable', () => {
  const vars: Record<string, string> = { a0: 'x' };
  for (let i = 1; i <= 40; i++) vars[`a${i}`] = `{{a${i - 1}}}{{a${i - 1}}}`;
  const started = performance.now();
  const result = substituteVariables('{{a40}}', scope(vars));
  assert.ok(performance.now() - started < 1000);
  assert.equal(result.problems.length, 1, result.problems.join('\n'));
  assert.match(result.problems[0], /`\{\{a40\}\}` nests variables more than 8 deep/);
});

test('a value that would expand past 10 MB is refused with the variable named, quickly and without the memory', () => {
  const vars: Record<string, string> = { b0: 'x'.repeat(1000) };
  for (let i = 1; i <= 7; i++) vars[`b${i}`] = `{{b${i - 1}}}`.repeat(10);
  const started = performance.now();
  const result = substituteVariables('id={{b7}}', scope(vars));
  assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
  assert.equal(result.text, '');
  assert.deepEqual(result.problems.length, 1);
  assert.match(result.problems[0], /too large: `\{\{b7\}\}`.* more than 10 MB/);
  // Just under the bound still expands.
  const fits = substituteVariables('{{c}}', scope({ c: 'x'.repeat(MAX_EXPANDED_LENGTH - 1) }));
  assert.deepEqual(fits.problems, []);
  assert.equal(fits.text.length, MAX_EXPANDED_LENGTH - 1);
});

test('cycles are reported, never looped', () => {
  const result = substituteVariables('{{p}}', scope({ p: '{{q}}', q: 'a{{p}}' }));
  assert.equal(result.text, 'a{{p}}');
  assert.match(result.problems[0], /refers to itself \(p → q → p\)/);
});

function answering(body: string): HttpTransport {
  return {
    send: async (): Promise<HttpResponse> => ({ status: 200, headers: {}, body, url: 'http://127.0.0.1:9/api_v3/service/system/action/ping' }),
    close: async () => undefined,
  };
}

test('a result nested too deep is bad-format, not network', async () => {
  for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)]) {
    const result = await sendBlock(buildInput('system.ping\n'), { sessions: createSessionManager(), transport: answering(body) });
    assert.equal(result.error?.kind, 'bad-format', result.error?.message);
    assert.match(result.error!.message, /nested more than 512 levels deep/);
  }
  const xml = '<xml><result>' + '<a>'.repeat(20_000) + '</a>'.repeat(20_000) + '</result></xml>';
  const result = await sendBlock(buildInput('system.ping\nformat = 2\n'), { sessions: createSessionManager(), transport: answering(xml) });
  assert.equal(result.error?.kind, 'bad-format', result.error?.message);
});

test('a value that expands too much is a build error naming the variable, not network', async () => {
  const lines = ['@v0 = ' + 'x'.repeat(1000)];
  for (let i = 1; i <= 7; i++) lines.push(`@v${i} = ` + `{{v${i - 1}}}`.repeat(10));
  const result = await sendBlock(buildInput(lines.join('\n') + '\n###\nsystem.ping\nclientTag = {{v7}}\n', { block: 0 }), {
    sessions: createSessionManager(),
    transport: answering('null'),
  });
  assert.equal(result.error?.kind, 'build', result.error?.message);
  assert.match(result.error!.message, /\{\{v7\}\}.*more than 10 MB/);
});
