/**
 * Request values as the Kaltura server (PHP) sees them, and PHP's conversions on them: `(int)`, `(float)`,
 * `(string)`, truthiness, loose `==` against enum constants, `ksort` order, `array_replace_recursive`.
 */

import { readFileSync } from 'node:fs';

/** An uploaded file spooled to disk while the request arrived. */
export interface SpooledFile {
  readonly path: string;
  readonly size: number;
}

/** An uploaded multipart file (PHP `$_FILES[name]`); `failed` for a file input sent empty (`UPLOAD_ERR_NO_FILE`). */
export class UploadedFile {
  constructor(
    readonly name: string,
    readonly type: string,
    readonly content: Buffer | SpooledFile,
    readonly failed = false,
  ) {}
  get size(): number {
    return Buffer.isBuffer(this.content) ? this.content.length : this.content.size;
  }
  /** The bytes, read from disk when spooled (kept for small or out-of-order chunks only). */
  get data(): Buffer {
    return Buffer.isBuffer(this.content) ? this.content : readFileSync(this.content.path);
  }
}

/** A PHP array: ordered, string keys (PHP's int keys are kept as their decimal spelling). */
export type PhpArray = Map<string, PhpValue>;
export type PhpValue = string | number | boolean | null | PhpArray | UploadedFile;

export function isPhpArray(value: unknown): value is PhpArray {
  return value instanceof Map;
}

const WHITESPACE = '[ \\t\\n\\r\\v\\f]*';
const NUMBER_BODY = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const NUMERIC_STRING = new RegExp(`^${WHITESPACE}${NUMBER_BODY}${WHITESPACE}$`);
const LEADING_NUMBER = new RegExp(`^${WHITESPACE}(${NUMBER_BODY})`);

/** PHP 8 `is_numeric` on a string (leading and trailing whitespace allowed). */
export function isNumericString(text: string): boolean {
  return NUMERIC_STRING.test(text);
}

function leadingNumber(text: string): number {
  const m = LEADING_NUMBER.exec(text);
  return m ? Number(m[1]) : 0;
}

/** PHP `(int)`. */
export function phpToInt(value: PhpValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const n = Math.trunc(leadingNumber(value));
    return Number.isFinite(n) ? n : 0;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  if (isPhpArray(value)) return value.size > 0 ? 1 : 0;
  return 1;
}

/** PHP `(float)`. */
export function phpToFloat(value: PhpValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return leadingNumber(value);
  return phpToInt(value);
}

/** PHP's spelling of a number. */
export function phpNumberString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NAN' : n > 0 ? 'INF' : '-INF';
  return String(n).replace('e+', 'E+').replace('e-', 'E-');
}

/** PHP `(string)`. */
export function phpToString(value: PhpValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return phpNumberString(value);
  if (typeof value === 'boolean') return value ? '1' : '';
  if (value === null) return '';
  return 'Array';
}

/** PHP truthiness (`(bool)`). */
export function phpTruthy(value: PhpValue): boolean {
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  if (value === null) return false;
  if (isPhpArray(value)) return value.size > 0;
  return true;
}

/** PHP 8 loose `$value == $constant` for an int enum constant. */
export function looseEqualsInt(value: PhpValue, constant: number): boolean {
  if (typeof value === 'number') return value === constant;
  if (typeof value === 'string') return isNumericString(value) ? Number(value.trim()) === constant : value === String(constant);
  if (typeof value === 'boolean') return value === (constant !== 0);
  if (value === null) return constant === 0;
  return false;
}

/** PHP 8 loose `$value == $constant` for a string enum constant. */
export function looseEqualsString(value: PhpValue, constant: string): boolean {
  if (typeof value === 'string') {
    if (isNumericString(value) && isNumericString(constant)) return Number(value.trim()) === Number(constant.trim());
    return value === constant;
  }
  if (typeof value === 'number') return isNumericString(constant) ? Number(constant.trim()) === value : phpNumberString(value) === constant;
  if (typeof value === 'boolean') return value === phpTruthy(constant);
  if (value === null) return constant === '';
  return false;
}

const INT_KEY = /^(?:0|-?[1-9]\d{0,17})$/;

/** PHP 8 `ksort` (SORT_REGULAR) order of two array keys. */
export function compareKeys(a: string, b: string): number {
  const aInt = INT_KEY.test(a);
  const bInt = INT_KEY.test(b);
  if (aInt && bInt) return Number(a) - Number(b);
  const aNum = aInt || isNumericString(a);
  const bNum = bInt || isNumericString(b);
  if (aNum && bNum) return Number(a.trim()) - Number(b.trim());
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entries of a PHP array after `ksort`. */
export function ksortEntries(array: PhpArray): [string, PhpValue][] {
  return [...array.entries()].sort((x, y) => compareKeys(x[0], y[0]));
}

/** PHP `array_replace_recursive($base, ...$replacements)` (returns a new array). */
export function arrayReplaceRecursive(base: PhpArray, ...replacements: PhpArray[]): PhpArray {
  const out: PhpArray = new Map(base);
  for (const replacement of replacements) {
    for (const [key, value] of replacement) {
      const current = out.get(key);
      out.set(key, isPhpArray(current) && isPhpArray(value) ? arrayReplaceRecursive(current, value) : value);
    }
  }
  return out;
}

/** `kXml::isXMLValidContent`: only characters allowed in XML 1.0. */
export function isXmlValidContent(text: string): boolean {
   
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** PHP `strip_tags` (tags are `<` followed by a non-space, up to `>` or the end). */
export function stripTags(text: string): string {
  return text.replace(/<(?![\s<])[^>]*(?:>|$)/g, '');
}

/** Reads a plain JS value (from tests or handlers) as a PHP value. */
export function toPhpValue(value: unknown): PhpValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof UploadedFile || isPhpArray(value)) return value;
  if (Array.isArray(value)) return new Map(value.map((v, i) => [String(i), toPhpValue(v)]));
  if (typeof value === 'object') return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPhpValue(v)]));
  return String(value);
}
