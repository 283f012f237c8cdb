/**
 * The headline of a block that failed as a whole, from the engine's own messages: the kind, then what it means, in
 * at most 60 characters; loopback addresses and ports.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { failureHeadline, HEADLINE_LENGTH, isLoopbackUrl, urlPort } from '../../client/src/blockFailureText';
import {
  badFormatError,
  htmlError,
  httpStatusError,
  networkError,
  redirectError,
  timeoutError,
  tooLargeError,
} from '../../server/src/engine/transportErrors';

const URL_ = 'http://127.0.0.1:9/api_v3/service/multirequest';
const SAAS = 'https://www.kaltura.com/api_v3/service/multirequest';

function failure(error: { readonly kind: string; readonly message: string }): { kind: string; message: string } {
  return { kind: error.kind, message: error.message };
}

const CASES: ReadonlyArray<readonly [string, { kind: string; message: string }, number | undefined]> = [
  ['refused: nothing listens on 127.0.0.1:9', failure(networkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), URL_)), undefined],
  ['dns: no such host api.exmaple.com', failure(networkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'https://api.exmaple.com/api_v3')), undefined],
  ['timeout: no answer within 30 s', failure(timeoutError(SAAS, 30_000)), undefined],
  ['timeout: no answer within 5 s', { kind: 'timeout', message: 'No answer from http://127.0.0.1:9/ within\n5 s' }, undefined],
  ['tls: TLS failed (CERT_HAS_EXPIRED) with www.kaltura.com', failure(networkError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), SAAS)), undefined],
  ['http-status: HTTP 404 Not Found, not an API answer', failure(httpStatusError(SAAS, 404, 'nope')), 404],
  ['html: an HTML page, not the Kaltura API (www.kaltura.com)', failure(htmlError(SAAS, 200, '<html><title>Login</title></html>')), 200],
  ['bad-format: the answer is not JSON', failure(badFormatError(SAAS, 200, 'json', 'garbage')), 200],
  ['too-large: the answer is over 5 MB', failure(tooLargeError(SAAS, 5 * 1024 * 1024)), undefined],
  ['redirect: redirected elsewhere (not followed)', failure(redirectError(SAAS, 'https://evil.example/', 'another origin', 'redirect')), undefined],
  ['network: ECONNRESET on www.kaltura.com', failure(networkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), SAAS)), undefined],
  ['session: session.start failed: SERVICE_FORBIDDEN The access…', { kind: 'session', message: 'session.start failed: SERVICE_FORBIDDEN The access to service [session->start] is forbidden.' }, undefined],
];

describe('failureHeadline', () => {
  for (const [expected, given, status] of CASES) {
    test(expected, () => {
      const headline = failureHeadline(given, status);
      assert.equal(headline, expected);
      assert.ok(headline.length <= HEADLINE_LENGTH, `${headline.length} characters`);
    });
  }
});

describe('loopback service URLs', () => {
  test('localhost, 127.x and ::1 are this machine; others and non-URLs are not', () => {
    assert.deepEqual(
      ['http://localhost:8765', 'http://127.0.0.1:9', 'http://[::1]:80', 'https://www.kaltura.com', 'http://10.0.0.1', 'not a url'].map(isLoopbackUrl),
      [true, true, true, false, false, false],
    );
  });

  test('ports: the one named, else the scheme default', () => {
    assert.deepEqual(['http://127.0.0.1:9', 'http://localhost', 'https://x', 'nope'].map(urlPort), [9, 80, 443, undefined]);
  });
});
