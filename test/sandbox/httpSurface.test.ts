/**
 * The sandbox's HTTP surface against protocol.md §1, §2, §4, §6: URL forms, methods, body forms and their
 * precedence, OPTIONS, api_schema.php, response formats (XML shape, JSONP, PHP, unknown format) and dispatch errors.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLine, SCHEMA_XML, useSandbox } from './sandboxClient';

const client = useSandbox();

describe('URL forms and methods', () => {
  const forms = [
    '/api_v3/service/system/action/ping?format=1',
    '/api_v3/index.php?service=system&action=ping&format=1',
    '/api_v3/?service=system&action=ping&format=1',
    '/api_v3?service=system&action=ping&format=1',
    '/api_v3/index.php/service/system/action/ping/format/1',
    '/api_v3/service/system/action/ping/format/1',
    '/api/service/system/action/ping/format/1',
    '/api_v3/service/SYSTEM/action/PING?format=1',
    '/api_v3/service/multirequest?format=1&1:service=system&1:action=ping',
  ];
  for (const path of forms) {
    for (const method of ['GET', 'POST']) {
      test(`${method} ${path}`, async () => {
        const reply = await client.send(path, { method });
        assert.equal(reply.status, 200);
        assert.equal(reply.text, path.includes('multirequest') ? '[true]' : 'true');
        assert.equal(reply.headers.get('content-type'), 'application/json');
      });
    }
  }

  test('a path segment "0" ends the key/value pairs', async () => {
    const reply = await client.send('/api_v3/service/system/action/ping/0/x/format/1');
    assert.match(reply.text, /^<\?xml /);
  });

  test('other paths are 404', async () => {
    assert.equal((await client.send('/api_v3/nothing')).status, 404);
    assert.equal((await client.send('/index.php')).status, 404);
  });
});

describe('parameter sources', () => {
  const entryNotFound = (id: string) => `ENTRY_ID_NOT_FOUND: Entry id "${id}" not found {"ENTRY_ID":"${id}"}`;
  const path = '/api_v3/service/media/action/get';

  test('JSON body with Content-Type exactly application/json', async () => {
    const ks = await client.adminKs();
    const reply = await client.json(path, { format: 1, ks, entryId: '0_json' });
    assert.equal(errorLine(JSON.parse(reply.text)), entryNotFound('0_json'));
  });

  test('JSON body with a charset is ignored (XML answer, params missing)', async () => {
    const reply = await client.send(path, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"format":1,"entryId":"x"}' });
    assert.match(reply.text, /<code>MISSING_MANDATORY_PARAMETER<\/code><message>Missing parameter &quot;entryId&quot;<\/message>/);
  });

  test('pretty-printed JSON (trimmed, with newlines) is read', async () => {
    const ks = await client.adminKs();
    const reply = await client.json(path, { format: 1, ks, entryId: '0_pretty' });
    const pretty = await client.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `\n  ${JSON.stringify({ format: 1, ks, entryId: '0_pretty' }, null, 2)}\n` });
    assert.equal(pretty.text, reply.text);
  });

  test('multipart with a json field', async () => {
    const ks = await client.adminKs();
    const body = new FormData();
    body.set('json', JSON.stringify({ format: 1, ks, entryId: '0_multipart_json' }));
    body.set('entryId', 'ignored when json decodes');
    const reply = await client.send(path, { method: 'POST', body });
    assert.equal(errorLine(JSON.parse(reply.text)), entryNotFound('0_multipart_json'));
  });

  test('multipart fields', async () => {
    const ks = await client.adminKs();
    const body = new FormData();
    body.set('format', '1');
    body.set('ks', ks);
    body.set('entryId', '0_multipart');
    const reply = await client.send(path, { method: 'POST', body });
    assert.equal(errorLine(JSON.parse(reply.text)), entryNotFound('0_multipart'));
  });

  test('form-urlencoded body', async () => {
    const ks = await client.adminKs();
    const reply = await client.form(path, { format: '1', ks, entryId: '0_form' });
    assert.equal(errorLine(JSON.parse(reply.text)), entryNotFound('0_form'));
  });

  test('precedence: path > query > body', async () => {
    const ks = await client.adminKs();
    const fields = { format: '1', ks, entryId: '0_body' };
    const viaQuery = await client.form(`${path}?entryId=0_query`, fields);
    assert.equal(errorLine(JSON.parse(viaQuery.text)), entryNotFound('0_query'));
    const viaPath = await client.form(`${path}/entryId/0_path?entryId=0_query`, fields);
    assert.equal(errorLine(JSON.parse(viaPath.text)), entryNotFound('0_path'));
  });

  test('PHP form names: brackets nest', async () => {
    const ks = await client.adminKs();
    const reply = await client.form('/api_v3/service/media/action/list', { format: '1', ks, 'filter[statusEqual]': '99' });
    assert.equal(
      errorLine(JSON.parse(reply.text)),
      'INVALID_ENUM_VALUE: Invalid enumeration value "99" for parameter "statusEqual", expecting enumeration type "KalturaEntryStatus" {"ENUM_VAL":"99","PARAM_NAME":"statusEqual","ENUM_TYPE":"KalturaEntryStatus"}',
    );
  });
});

describe('CORS, schema and formats', () => {
  test('OPTIONS answers the preflight', async () => {
    const reply = await client.send('/api_v3/service/media/action/list', { method: 'OPTIONS' });
    assert.equal(reply.status, 200);
    assert.equal(reply.text, '');
    assert.deepEqual(
      ['access-control-allow-origin', 'access-control-allow-headers', 'access-control-allow-methods', 'access-control-max-age'].map((h) => reply.headers.get(h)),
      ['*', 'Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control', 'POST, GET, HEAD, OPTIONS', '86400'],
    );
  });

  test('responses expose the Kaltura headers', async () => {
    const reply = await client.get('/api_v3/service/system/action/ping');
    assert.equal(reply.headers.get('access-control-expose-headers'), 'Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me');
    assert.match(reply.headers.get('x-kaltura-session') ?? '', /^\d+$/);
  });

  test('api_schema.php serves the schema XML it was started with', async () => {
    const reply = await client.get('/api_v3/api_schema.php');
    assert.equal(reply.headers.get('content-type'), 'text/xml');
    assert.equal(reply.text, SCHEMA_XML);
  });

  test('XML is the default format', async () => {
    const reply = await client.get('/api_v3/service/system/action/ping');
    assert.equal(reply.headers.get('content-type'), 'text/xml');
    assert.match(reply.text, /^<\?xml version="1\.0" encoding="utf-8"\?><xml><result>1<\/result><executionTime>[0-9.e-]+<\/executionTime><\/xml>$/);
  });

  test('XML object: objectType first, then the properties in order', async () => {
    const reply = await client.get('/api_v3/service/session/action/startWidgetSession', { widgetId: '_100' });
    const m = /<result>(.*)<\/result>/.exec(reply.text);
    assert.match(m?.[1] ?? '', /^<objectType>KalturaStartWidgetSessionResponse<\/objectType><partnerId>100<\/partnerId><ks>[A-Za-z0-9+/=]+<\/ks><userId>0<\/userId>$/);
  });

  test('XML error shape', async () => {
    const reply = await client.get('/api_v3/service/nosuch/action/x');
    assert.equal(
      reply.text.replace(/<executionTime>[^<]*</, '<executionTime>T<'),
      '<?xml version="1.0" encoding="utf-8"?><xml><result><error><code>SERVICE_DOES_NOT_EXISTS</code><message>Service &quot;nosuch&quot; does not exists</message>' +
        '<objectType>KalturaAPIException</objectType><args><item><objectType>KalturaApiExceptionArg</objectType><name>SRV_NAME</name><value>nosuch</value></item></args></error></result>' +
        '<executionTime>T</executionTime></xml>',
    );
  });

  test('XML multirequest items', async () => {
    const reply = await client.get('/api_v3/service/multirequest', { '1:service': 'system', '1:action': 'ping', '2:service': 'system', '2:action': 'getVersion' });
    assert.match(reply.text, /<xml><result><item>1<\/item><item>22\.19\.0<\/item><\/result><executionTime>/);
  });

  test('unknown format: empty body and the error in X-Kaltura', async () => {
    const reply = await client.get('/api_v3/service/system/action/ping', { format: '7' });
    assert.equal(reply.status, 200);
    assert.equal(reply.text, '');
    assert.equal(reply.headers.get('x-kaltura'), 'error- UNKNOWN_RESPONSE_FORMAT');
  });

  test('JSONP and PHP formats', async () => {
    const jsonp = await client.get('/api_v3/service/system/action/ping', { format: '9', callback: 'cb.done' });
    assert.equal(jsonp.text, 'cb.done(true);');
    assert.equal(jsonp.headers.get('content-type'), 'application/javascript');
    const php = await client.get('/api_v3/service/system/action/getVersion', { format: '3' });
    assert.equal(php.text, 's:7:"22.19.0";');
  });

  test('content-type parameter overrides the header', async () => {
    const reply = await client.get('/api_v3/service/system/action/ping', { format: '1', 'content-type': 'text/plain' });
    assert.equal(reply.headers.get('content-type'), 'text/plain');
  });
});

describe('dispatch errors', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['no service', {}, 'SERVICE_NOT_SPECIFIED: Service name was not specified, please specify one []'],
    ['no action', { service: 'media' }, 'ACTION_NOT_SPECIFIED: Action name was not specified, please specify one []'],
    ['unknown service (lower-cased)', { service: 'NoSuch', action: 'list' }, 'SERVICE_DOES_NOT_EXISTS: Service "nosuch" does not exists {"SRV_NAME":"nosuch"}'],
    [
      'unknown action (lower-cased)',
      { service: 'Media', action: 'Lst' },
      'ACTION_DOES_NOT_EXISTS: Action "lst" does not exists for service "media" {"ACTION_NAME":"lst","SERVICE_NAME":"media"}',
    ],
    ['plugin service by name', { service: 'metadata', action: 'list' }, 'SERVICE_DOES_NOT_EXISTS: Service "metadata" does not exists {"SRV_NAME":"metadata"}'],
    ['MultiRequest is not multirequest', { service: 'MultiRequest' }, 'SERVICE_DOES_NOT_EXISTS: Service "multirequest" does not exists {"SRV_NAME":"multirequest"}'],
    ['bad language', { service: 'system', action: 'ping', language: 'english' }, 'INVALID_LANGUAGE_CODE:  Invalid language code ["english"] {"LANGUAGE_CODE":"english"}'],
  ];
  for (const [name, query, expected] of cases) {
    test(name, async () => {
      const reply = await client.get('/api_v3/index.php', { format: '1', ...query });
      assert.equal(errorLine(JSON.parse(reply.text)), expected);
    });
  }

  test('known but unimplemented actions are checked, then answer ACTION_BLOCKED', async () => {
    const ks = await client.adminKs();
    const missing = await client.call('baseEntry', 'bulkDelete', { ks });
    assert.equal(errorLine(missing), 'MISSING_MANDATORY_PARAMETER: Missing parameter "filter" {"PARAM_NAME":"filter"}');
    const reply = await client.form('/api_v3/service/metadata_metadata/action/list', { format: '1', ks });
    assert.equal(errorLine(JSON.parse(reply.text)), 'ACTION_BLOCKED: Action "list" in service "metadata_metadata" is blocked {"ACTION_NAME":"list","SERVICE_NAME":"metadata_metadata"}');
    assert.equal(reply.headers.get('x-kreq-sandbox'), 'not-implemented metadata_metadata.list');
  });
});
