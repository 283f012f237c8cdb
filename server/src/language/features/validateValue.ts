/**
 * Checks one value against what its key names (spec §5, §6), mirroring how the server's request deserializer reads it:
 * objects, files, enums, scalar types, the `language` rule, XML-forbidden characters and schema constraints.
 */

import type { ParamLine } from '../parser/kreqNodes';
import type { EnumDef, PropertyDef, TypeRef } from '../schema/schemaModel';
import type { DiagnosticSink } from './diagnosticSink';
import type { CallCheckContext } from './validateCall';
import { isClassType, type KeyStep } from './keyResolution';
import { nearestName } from './nearestName';

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const BOOL = /^(true|false|1|0)$/i;

/** The server's language-code rule (`multiLingualUtils::LANGUAGE_CODE_REGEX`, spec §6). */
const LANGUAGE_CODE = /^[a-zA-Z]{2,4}([-_][a-zA-Z]{2,4})?$/;

/** What XML 1.0 forbids (`kXml::isXMLValidContent`): control characters but tab, LF and CR; U+FFFE and U+FFFF. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/u;

/** The range a finding on this value sits on: the value, or the key when nothing follows `=` (an empty range). */
function valueRange(param: ParamLine): { start: number; end: number } {
  return param.value.text === '' ? param.key : param.value;
}

/** The length PHP's `strlen` gives: UTF-8 bytes. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A plain value where the server builds an object (spec §6 `type-mismatch`): an action parameter, an array item or a
 * map entry is refused (`buildObject` answers `PROPERTY_VALIDATION_WRONG_FORMAT`); an object property is dropped.
 * Whatever the value holds, it is a string on the wire, so variables and tokens do not exempt it.
 */
function checkObjectValue(sink: DiagnosticSink, param: ParamLine, step: KeyStep, type: TypeRef): void {
  const key = param.key.text;
  const consequence =
    step.kind === 'property'
      ? 'the server ignores a plain value for an object property'
      : 'the server answers `PROPERTY_VALIDATION_WRONG_FORMAT`';
  sink.add(valueRange(param), 'type-mismatch', `\`${key}\` is an object (${type.type}): set its properties (\`${key}:…\`), not a value; ${consequence}.`);
}

/** The first XML-forbidden character of a string value (spec §6 `invalid-char`); the server answers `INVALID_PARAMETER_CHAR`. */
function checkXmlChars(sink: DiagnosticSink, param: ParamLine): boolean {
  const found = XML_FORBIDDEN.exec(param.value.content);
  if (!found) return true;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  sink.add(valueRange(param), 'invalid-char', `The value holds U+${code}, a character XML 1.0 forbids: the server answers \`INVALID_PARAMETER_CHAR\`.`);
  return false;
}

/**
 * `language` (spec §6): the request key is checked by the dispatcher (`multi` or a language code, else
 * `INVALID_LANGUAGE_CODE`); `KalturaMultiLingualString:language` by the deserializer with the same rule, without `multi`.
 */
function isLanguageKey(step: KeyStep, depth: number): 'request' | 'multiLingual' | undefined {
  if (depth === 0 && step.segment === 'language') return 'request';
  if (step.kind === 'property' && step.segment === 'language' && step.owner === 'KalturaMultiLingualString') return 'multiLingual';
  return undefined;
}

function checkLanguage(sink: DiagnosticSink, param: ParamLine, where: 'request' | 'multiLingual'): void {
  const text = param.value.content;
  if (LANGUAGE_CODE.test(text) || (where === 'request' && text.toLowerCase() === 'multi')) return;
  const allowed = where === 'request' ? '`multi` or a language code' : 'a language code';
  const shown = text === '' ? 'An empty value' : `\`${text}\``;
  sink.add(valueRange(param), 'type-mismatch', `${shown} is not ${allowed} (2–4 letters, optionally \`-\` or \`_\` and 2–4 more: \`en\`, \`en_US\`): the server answers \`INVALID_LANGUAGE_CODE\`.`);
}

function didYouMean(name: string, candidates: Iterable<string>): { suffix: string; replacement?: string } {
  const best = nearestName(name, candidates);
  return best ? { suffix: ` Did you mean \`${best}\`?`, replacement: best } : { suffix: '' };
}

/**
 * An enum value: a const's value or name (kreq sends a name as its value). For an int enum the server turns
 * `true`/`false` into `1`/`0` before its membership check (spec §5), so they pass only when that value is a member.
 */
function checkEnum(ctx: CallCheckContext, param: ParamLine, e: EnumDef): void {
  const { sink } = ctx;
  const text = param.value.content;
  const constant = e.consts.find((c) => c.value === text) ?? e.consts.find((c) => c.name === text);
  if (constant) {
    if (e.deprecated) sink.add(param.value, 'deprecated', `Enum \`${e.name}\` is deprecated.`);
    else if (constant.deprecated) sink.add(param.value, 'deprecated', `\`${constant.name}\` of \`${e.name}\` is deprecated.`);
    return;
  }
  const shown = e.consts.slice(0, 8).map((c) => `${c.name} (${c.value})`).join(', ');
  const list = `${shown}${e.consts.length > 8 ? ', …' : ''}`;
  if (e.enumType === 'int' && /^(true|false)$/i.test(text)) {
    const mapped = text.toLowerCase() === 'true' ? '1' : '0';
    const member = e.consts.find((c) => c.value === mapped);
    if (member) {
      if (e.deprecated) sink.add(param.value, 'deprecated', `Enum \`${e.name}\` is deprecated.`);
      return;
    }
    sink.add(param.value, 'invalid-enum', `\`${text}\` is sent as \`${mapped}\` (the server turns \`true\`/\`false\` into \`1\`/\`0\`), which is not a value of \`${e.name}\`: ${list}.`);
    return;
  }
  const hint = didYouMean(text, e.consts.map((c) => c.name));
  sink.add(param.value, 'invalid-enum', `\`${text}\` is not a value of \`${e.name}\`: ${list}.${hint.suffix}`, hint.replacement ? { replacement: hint.replacement } : undefined);
}

/** A literal of a scalar type (spec §6 `type-mismatch`); returns false when it is not one. */
function checkScalar(sink: DiagnosticSink, param: ParamLine, type: TypeRef): boolean {
  const text = param.value.content;
  const t = type.type;
  const ok = t === 'int' || t === 'bigint' ? INT.test(text) : t === 'float' ? FLOAT.test(text) : t === 'bool' ? BOOL.test(text) : true;
  if (ok) return true;
  const expected = t === 'bool' ? '`true`, `false`, `1` or `0`' : t === 'float' ? 'a number' : 'a whole number';
  sink.add(param.value, 'type-mismatch', `\`${text}\` is not a valid ${t}: expected ${expected}.`);
  return false;
}

/**
 * The schema's `minLength`/`maxLength` (in UTF-8 bytes, as PHP's `strlen`) and `minValue`/`maxValue` of a property
 * (spec §6 `constraint`), checked on the value as the server casts it: an empty number is `0`.
 */
function checkConstraints(sink: DiagnosticSink, param: ParamLine, property: PropertyDef): void {
  const text = param.value.content;
  const key = param.key.text;
  const range = valueRange(param);
  if (property.type === 'string') {
    const length = utf8Length(text);
    if (property.minLength !== undefined && length < property.minLength) {
      sink.add(range, 'constraint', `\`${key}\` must be at least ${property.minLength} characters long (this is ${length}): the server answers \`PROPERTY_VALIDATION_MIN_LENGTH\`.`);
    } else if (property.maxLength !== undefined && length > property.maxLength) {
      sink.add(range, 'constraint', `\`${key}\` can have at most ${property.maxLength} characters (this has ${length} bytes): the server answers \`PROPERTY_VALIDATION_MAX_LENGTH\`.`);
    }
    return;
  }
  if (!['int', 'bigint', 'float'].includes(property.type)) return;
  const number = text === '' ? 0 : Number(text);
  if (property.minValue !== undefined && number < property.minValue) {
    sink.add(range, 'constraint', `\`${key}\` must be at least ${property.minValue}: the server answers \`PROPERTY_VALIDATION_MIN_VALUE\`.`);
  } else if (property.maxValue !== undefined && number > property.maxValue) {
    sink.add(range, 'constraint', `\`${key}\` must be at most ${property.maxValue}: the server answers \`PROPERTY_VALIDATION_MAX_VALUE\`.`);
  }
}

function checkFile(ctx: CallCheckContext, param: ParamLine): void {
  const value = param.value;
  if (value.parts.length > 0) return;
  if (!value.filePath) {
    ctx.sink.add(valueRange(param), 'type-mismatch', 'A file parameter takes `@path` (relative to this file\'s folder).');
  } else if (ctx.fileSystem && value.filePath.text && ctx.fileSystem.stat(ctx.documentUri, value.filePath.text) !== 'file') {
    ctx.sink.add(value.filePath, 'file-not-found', `File not found: \`${value.filePath.text}\`.`);
  }
}

/**
 * Checks the value of a key whose last segment resolved to `step` (at index `depth` of the key). Values holding
 * variables or tokens are checked only where their literal text already decides (objects, XML characters).
 */
export function checkValue(ctx: CallCheckContext, param: ParamLine, step: KeyStep, depth: number): void {
  const type = step.type;
  if (!type) return;
  if (type.type === 'file') return checkFile(ctx, param);
  if (isClassType(type)) return checkObjectValue(ctx.sink, param, step, type);
  if (type.type === 'array' || type.type === 'map') return;
  const language = isLanguageKey(step, depth);
  const literal = param.value.parts.length === 0;
  // The deserializer checks XML characters of string parameters and properties (not of request keys, which it does not read).
  if (type.type === 'string' && !type.enumType && step.kind !== 'reserved' && !language && !checkXmlChars(ctx.sink, param)) return;
  if (!literal) return;
  if (language) return checkLanguage(ctx.sink, param, language);
  const text = param.value.content;
  if (type.enumType) {
    const e = ctx.schema.enum(type.enumType);
    if (e && text !== '') checkEnum(ctx, param, e);
    return;
  }
  if (text !== '' && !checkScalar(ctx.sink, param, type)) return;
  if (step.property) checkConstraints(ctx.sink, param, step.property);
}
