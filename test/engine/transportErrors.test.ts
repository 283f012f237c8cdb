import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { networkError } from '../../server/src/engine/transportErrors';

function coded(code: string, message = code, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

interface Case {
  readonly name: string;
  readonly url: string;
  readonly error: unknown;
  readonly kind: string;
  readonly message: string;
}

const CASES: Case[] = [
  {
    name: 'refused on a remote host: no sandbox hint',
    url: 'https://api.example.com/api_v3/service/system/action/ping',
    error: coded('ECONNREFUSED'),
    kind: 'refused',
    message: 'Nothing is listening on https://api.example.com (connection refused). Is the server up, and is the port right? Check `serviceUrl` in kreq.env.json.',
  },
  {
    name: 'refused on localhost, every address tried (AggregateError)',
    url: 'http://localhost:8080/api_v3/service/multirequest',
    error: new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed'),
    kind: 'refused',
    message: 'Nothing is listening on http://localhost:8080 (connection refused). Is `kreq sandbox` (or your local server) running? Check `serviceUrl` in kreq.env.json.',
  },
  {
    name: 'DNS: unknown host',
    url: 'https://www.kalturra.com/api_v3/service/system/action/ping',
    error: coded('ENOTFOUND', 'getaddrinfo ENOTFOUND www.kalturra.com'),
    kind: 'dns',
    message: 'The host name "www.kalturra.com" of https://www.kalturra.com could not be resolved. Check the spelling of `serviceUrl` in kreq.env.json, and your network or VPN.',
  },
  {
    name: 'DNS: no answer in time',
    url: 'https://www.kaltura.com/x',
    error: coded('EAI_AGAIN'),
    kind: 'dns',
    message: 'The host name "www.kaltura.com" of https://www.kaltura.com could not be resolved (the DNS server did not answer in time). Check the spelling of `serviceUrl` in kreq.env.json, and your network or VPN.',
  },
  {
    name: 'TLS: a self-signed certificate, found in the cause',
    url: 'https://sandbox.local:8443/api_v3/x',
    error: new TypeError('fetch failed', { cause: coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate') }),
    kind: 'tls',
    message:
      'The TLS connection to https://sandbox.local:8443 failed: DEPTH_ZERO_SELF_SIGNED_CERT (fetch failed: self-signed certificate). For a private certificate authority or a self-signed certificate, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem. Check `serviceUrl` in kreq.env.json.',
  },
  {
    name: 'TLS: https to a plain-http port',
    url: 'https://127.0.0.1:8080/x',
    error: coded('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
    kind: 'tls',
    message:
      'The TLS connection to https://127.0.0.1:8080 failed: ERR_SSL_WRONG_VERSION_NUMBER (wrong version number). The server may not speak HTTPS on that port: try `http://`. Check `serviceUrl` in kreq.env.json.',
  },
  {
    name: 'anything else: network, with the code',
    url: 'http://127.0.0.1:8080/x',
    error: coded('ECONNRESET', 'socket hang up'),
    kind: 'network',
    message: 'The request to http://127.0.0.1:8080/x failed (ECONNRESET: socket hang up). Check your network and proxy settings (HTTPS_PROXY, NO_PROXY). Check `serviceUrl` in kreq.env.json.',
  },
];

describe('networkError', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const error = networkError(c.error, c.url);
      assert.equal(error.kind, c.kind);
      assert.equal(error.message, c.message);
    });
  }
});
