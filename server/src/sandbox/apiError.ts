/**
 * Kaltura API errors (`KalturaAPIException`): a code plus positional arguments, turned into the message and named
 * args from the schema's `<errors>` (built-in templates when a schema has none, like the 2016 one).
 */

import type { KalturaSchema } from '../language/index';
import { phpToString, stripTags } from './phpValues';

export type ErrorArgument = string | number | boolean | null | undefined;

/** An API error, answered with HTTP 200 as an error object. */
export class ApiError extends Error {
  readonly args: readonly ErrorArgument[];
  constructor(
    readonly code: string,
    ...args: ErrorArgument[]
  ) {
    super(code);
    this.args = args;
  }
}

/** What PHP would die of (an uncaught `Error`): the whole HTTP request answers 500 with an empty body. */
export class FatalError extends Error {}

export interface ErrorDescription {
  readonly code: string;
  readonly message: string;
  /** Name → value, in the template's order; empty when the error has no parameters. */
  readonly args: ReadonlyArray<readonly [string, string]>;
}

type Template = readonly [message: string, parameters: readonly string[]];

/** Templates of the errors the sandbox raises, as in kaltura-api-schema-22.19.0.xml (for schemas without `<errors>`). */
const BUILT_IN: Readonly<Record<string, Template>> = {
  INTERNAL_SERVERL_ERROR: ['Internal server error occurred', []],
  MISSING_KS: ['Missing KS, session not established', []],
  INVALID_KS: ['Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"', ['KSID', 'ERR_CODE', 'ERR_DESC']],
  SERVICE_NOT_SPECIFIED: ['Service name was not specified, please specify one', []],
  SERVICE_DOES_NOT_EXISTS: ['Service "@SRV_NAME@" does not exists', ['SRV_NAME']],
  ACTION_NOT_SPECIFIED: ['Action name was not specified, please specify one', []],
  ACTION_DOES_NOT_EXISTS: ['Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"', ['ACTION_NAME', 'SERVICE_NAME']],
  ACTION_BLOCKED: ['Action "@ACTION_NAME@" in service "@SERVICE_NAME@" is blocked', ['ACTION_NAME', 'SERVICE_NAME']],
  SERVICE_FORBIDDEN: ['The access to service [@SERVICE@] is forbidden', ['SERVICE']],
  MISSING_MANDATORY_PARAMETER: ['Missing parameter "@PARAM_NAME@"', ['PARAM_NAME']],
  INVALID_ENUM_VALUE: ['Invalid enumeration value "@ENUM_VAL@" for parameter "@PARAM_NAME@", expecting enumeration type "@ENUM_TYPE@"', ['ENUM_VAL', 'PARAM_NAME', 'ENUM_TYPE']],
  INVALID_PARAMETER_CHAR: ['Invalid char in "@XML_FIELD@" field', ['XML_FIELD']],
  OBJECT_TYPE_ABSTRACT: ['The object type "@OBJ_TYPE@" is abstract, use one of the object implementations', ['OBJ_TYPE']],
  PROPERTY_VALIDATION_CANNOT_BE_NULL: ['The property "@PROP_NAME@" cannot be null', ['PROP_NAME']],
  PROPERTY_VALIDATION_MIN_LENGTH: ['The property "@PROP_NAME@" must have a min length of @MIN_LEN@ characters', ['PROP_NAME', 'MIN_LEN']],
  PROPERTY_VALIDATION_MAX_LENGTH: ['The property "@PROP_NAME@" cannot have more than @MAX_LEN@ characters', ['PROP_NAME', 'MAX_LEN']],
  PROPERTY_VALIDATION_MIN_VALUE: ['The property "@PROP_NAME@" must have a min value of @MIN_VAL@', ['PROP_NAME', 'MIN_VAL']],
  PROPERTY_VALIDATION_MAX_VALUE: ['The property "@PROP_NAME@" must have a max value of @MAX_VAL@', ['PROP_NAME', 'MAX_VAL']],
  PROPERTY_VALIDATION_WRONG_FORMAT: ['The property "@PROP_NAME@" must match format @FORMAT@', ['PROP_NAME', 'FORMAT']],
  PROPERTY_VALIDATION_NOT_UPDATABLE: ['The property "@PROP_NAME@" cannot be updated', ['PROP_NAME']],
  ENTRY_ID_NOT_FOUND: ['Entry id "@ENTRY_ID@" not found', ['ENTRY_ID']],
  START_SESSION_ERROR: ['Error while starting session for partner [@PID@]', ['PID']],
  INVALID_LANGUAGE_CODE: [' Invalid language code ["@LANGUAGE_CODE@"]', ['LANGUAGE_CODE']],
  APP_TOKEN_ID_NOT_FOUND: ['Application token id "@ID@" not found', ['ID']],
  APP_TOKEN_NOT_ACTIVE: ['Application token id "@ID@" not active', ['ID']],
  INVALID_APP_TOKEN_HASH: ['Invalid application token hash', []],
  UPLOAD_ERROR: ['Upload failed', []],
  UPLOAD_TOKEN_NOT_FOUND: ['Upload token not found', []],
  UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD: ['Upload token is in an invalid status for uploading a file, maybe the file was already uploaded', []],
  UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY: ['Upload token is in an invalid status for adding entry, maybe the a file was not uploaded or the token was used', []],
  UPLOAD_TOKEN_CANNOT_RESUME: ['Cannot resume the upload, original file was not found', []],
  UPLOADED_FILE_NOT_FOUND_BY_TOKEN: ['The uploaded file was not found by the given token id, or was already used', []],
  ENTRY_ALREADY_WITH_CONTENT: ['Entry already associated with content', []],
  RESOURCE_TYPE_NOT_SUPPORTED: ['Resource type "@RES_TYPE@" not supported', ['RES_TYPE']],
  INVALID_WIDGET_ID: ['Unknown widget [@WIDGET_ID@]', ['WIDGET_ID']],
  PARTNER_ACCESS_FORBIDDEN: ['Partner [@ACCESSING_PID@] cannot access partner [@ACCESSED_PID@]', ['ACCESSING_PID', 'ACCESSED_PID']],
  MANDATORY_PARAMETER_MISSING: ['Mandatory parameter missing [@PARAM_NAME@]', ['PARAM_NAME']],
  INVALID_FIELD_VALUE: ['value in field [@FIELD_NAME@] is not valid', ['FIELD_NAME']],
  INVALID_USER_ID: ['Invalid user id', []],
  CANNOT_RETRIEVE_ANOTHER_USER_USING_NON_ADMIN_SESSION: ['cannot retrieve another user "@USER_ID@" using non-admin session', ['USER_ID']],
  CATEGORY_NOT_FOUND: ['Category id "@ID@" not found', ['ID']],
  FLAVOR_ASSET_ID_NOT_FOUND: ['Flavor asset id "@ID@" not found', ['ID']],
  UNKNOWN_RESPONSE_FORMAT: ['Response format provided [@FORMAT@] is not recognized by server', ['FORMAT']],
  // The sandbox's own: Kaltura's server sets no limit on a multirequest (see README.md).
  MULTIREQUEST_TOO_MANY_CALLS: ['A multirequest may hold at most @MAX_CALLS@ calls, this one has @CALLS@', ['CALLS', 'MAX_CALLS']],
};

function template(schema: KalturaSchema, code: string): Template {
  const def = schema.error(code);
  if (def) return [def.message, def.parameters];
  return BUILT_IN[code] ?? [code, []];
}

/** The message and named args: arguments in order, tags stripped, a missing one is `N/A`. */
export function describeError(schema: KalturaSchema, error: ApiError): ErrorDescription {
  const [message, parameters] = template(schema, error.code);
  const args = parameters.map((name, i): [string, string] => {
    const value = error.args[i];
    return [name, value === undefined || value === null ? 'N/A' : stripTags(typeof value === 'string' ? value : phpToString(value))];
  });
  let text = message;
  for (const [name, value] of args) text = text.split(`@${name}@`).join(value);
  return { code: error.code, message: text, args };
}
