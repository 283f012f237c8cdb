/**
 * The API front controller (`KalturaFrontController::run`): picks the serializer from `format` (unknown → empty body
 * and an `X-Kaltura` error header), runs a single call or a multirequest, and writes the envelope.
 */

import type { SandboxRuntime } from './actionCall';
import { ApiError, describeError, FatalError } from './apiError';
import { dispatch, type HandlerTable, type ResponseHeaders } from './dispatcher';
import { runMultiRequest } from './multiRequest';
import { looseEqualsInt, phpToString } from './phpValues';
import type { RequestParams } from './requestParams';
import { jsonSerializer, phpSerializer, xmlSerializer, type ResponseSerializer } from './responseSerializers';

export interface ApiResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

/** `setSerializerByFormat`: format 1 JSON, 2 XML (default), 3 PHP, 9 JSONP; anything else fails. */
function chooseSerializer(runtime: SandboxRuntime, request: RequestParams): ResponseSerializer | ApiError {
  const { params, get } = request;
  const ignoreNullValue = params.get('ignoreNull');
  const ignoreNull = ignoreNullValue === '1' || ignoreNullValue === true;
  const format = params.get('format') ?? 2;
  if (looseEqualsInt(format, 2)) return xmlSerializer(runtime.schema, ignoreNull);
  if (looseEqualsInt(format, 3)) return phpSerializer(runtime.schema);
  if (looseEqualsInt(format, 1)) return jsonSerializer(runtime.schema);
  if (looseEqualsInt(format, 9)) {
    const callback = get.get('callback');
    if (callback === undefined || callback === null) return new ApiError('MANDATORY_PARAMETER_MISSING', 'callback');
    const name = phpToString(callback);
    if (!/^[0-9_a-zA-Z.]*$/.test(name)) return new ApiError('INVALID_FIELD_VALUE', 'callback');
    return jsonSerializer(runtime.schema, name);
  }
  return new ApiError('UNKNOWN_RESPONSE_FORMAT', phpToString(format));
}

/** Answers one API request (its parameters already read). */
export function runFrontController(runtime: SandboxRuntime, handlers: HandlerTable, request: RequestParams): ApiResponse {
  const started = process.hrtime.bigint();
  const headers: ResponseHeaders = new Map();
  const serializer = chooseSerializer(runtime, request);
  if (serializer instanceof ApiError) {
    // kRendererDieError: no body, the error only in headers.
    headers.set('X-Kaltura', `error- ${serializer.code}`);
    headers.set('X-Kaltura-App', `exiting on error ${serializer.code} - ${describeError(runtime.schema, serializer).message}`);
    return { status: 200, headers, body: '' };
  }
  const { params } = request;
  const serviceValue = params.get('service');
  const service = serviceValue === undefined || serviceValue === null ? undefined : phpToString(serviceValue);
  let body: string;
  try {
    if (service === 'multirequest') {
      // Each result is serialized as soon as it exists (later calls may change the objects it holds).
      const items: string[] = [];
      runMultiRequest(runtime.schema, params, (sub) => {
        const result = dispatch(runtime, handlers, sub, headers);
        items.push(serializer.serialize(result));
        return result;
      });
      body = serializer.multiHeader(items.length);
      items.forEach((item, i) => {
        body += serializer.itemHeader(i) + item + serializer.itemFooter(i === items.length - 1);
      });
      body += serializer.multiFooter();
    } else {
      body = serializer.serialize(dispatch(runtime, handlers, params, headers));
    }
  } catch (e) {
    if (e instanceof FatalError) return { status: 500, headers: new Map(), body: '' };
    // A multirequest refused as a whole (too many calls): one error object instead of the list.
    if (!(e instanceof ApiError)) throw e;
    body = serializer.serialize(e);
  }
  const contentType = params.get('content-type');
  headers.set('Content-Type', contentType === undefined || contentType === null ? serializer.contentType : phpToString(contentType));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { status: 200, headers, body: serializer.header() + body + serializer.footer(seconds) };
}
