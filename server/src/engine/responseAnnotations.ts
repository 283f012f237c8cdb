/**
 * Prints a call's JSON exactly as `JSON.stringify(value, null, 2)` does while noting, at their positions, the enum names
 * and dates of its values and the schema descriptions of its properties (capped, so that huge answers stay fast).
 */

import type { KalturaSchema, PropertyDef, TypeRef } from '../language/index';
import type { PropertyDescription, ResponseAnnotation } from '../protocol';

/** At most this many annotations (enum names, dates) per document: past it the JSON is printed without them. A
 *  30,000-entry `media.list` has ~60,000 annotatable values; the first 20,000 are annotated. */
export const MAX_RESPONSE_ANNOTATIONS = 20_000;
/** At most this many property descriptions (hovers) per document. */
export const MAX_RESPONSE_DESCRIPTIONS = 20_000;

/** Appends text while tracking the 0-based line and character of its end (what the positions are taken from). */
export class PositionedText {
  private readonly chunks: string[] = [];
  line = 0;
  character = 0;

  /** Text without line breaks. */
  write(text: string): void {
    this.chunks.push(text);
    this.character += text.length;
  }

  newline(): void {
    this.chunks.push('\n');
    this.line++;
    this.character = 0;
  }

  /** One or more lines (split at line breaks), each ended by a line break. */
  writeLines(text: string, prefix = ''): void {
    for (const line of text.split(/\r?\n/)) {
      this.write(prefix + line);
      this.newline();
    }
  }

  /** Text that may hold line breaks (counted, so positions after it stay right). */
  writeMultiline(text: string): void {
    this.chunks.push(text);
    let last = -1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      this.line++;
      last = at;
    }
    this.character = last < 0 ? this.character + text.length : text.length - last - 1;
  }

  toString(): string {
    return this.chunks.join('');
  }
}

/** What the value at hand is expected to be, from the schema: an object of a class, or an array/map of one. */
type Expected = { readonly kind: 'class' | 'array' | 'map'; readonly className: string } | undefined;

/** `2026-12-06 10:42:01 UTC`. */
export function utcTime(unixMs: number): string {
  return new Date(unixMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** Dates before 2001 or after 2100 are not taken for times (a `…At` counter, a relative time). */
const MIN_TIME_SECONDS = 978_307_200;
const MAX_TIME_SECONDS = 4_102_444_800;

function expectedOf(schema: KalturaSchema, type: TypeRef | undefined): Expected {
  if (!type) return undefined;
  if ((type.type === 'array' || type.type === 'map') && type.arrayType) return { kind: type.type, className: type.arrayType };
  return schema.class(type.type) ? { kind: 'class', className: type.type } : undefined;
}

/** Writes one JSON value with its annotations into a `PositionedText`; one instance per document (caps and caches). */
export class AnnotatedJsonWriter {
  readonly annotations: ResponseAnnotation[] = [];
  readonly descriptions: PropertyDescription[] = [];
  private readonly enumNames = new Map<string, ReadonlyMap<string, string>>();
  private readonly markdown = new Map<string, string>();

  constructor(
    private readonly out: PositionedText,
    private readonly schema: KalturaSchema | undefined,
  ) {}

  /** Writes `value` (a call's result) as pretty JSON; `resultType` is the action's declared result, when known. */
  writeResult(value: unknown, resultType: TypeRef | undefined): void {
    this.writeValue(value, '', this.schema ? expectedOf(this.schema, resultType) : undefined);
  }

  /** Both caps are reached: nothing more to note, so the rest is printed by `JSON.stringify` (20× faster). */
  private get saturated(): boolean {
    return this.annotations.length >= MAX_RESPONSE_ANNOTATIONS && (this.descriptions.length >= MAX_RESPONSE_DESCRIPTIONS || !this.schema);
  }

  private writeValue(value: unknown, indent: string, expected: Expected): void {
    if (value === null || typeof value !== 'object') {
      this.out.write(scalarJson(value));
      return;
    }
    if (this.saturated) {
      const json = JSON.stringify(value, null, 2);
      this.out.writeMultiline(indent ? json.replaceAll('\n', `\n${indent}`) : json);
      return;
    }
    if (Array.isArray(value)) {
      this.writeArray(value, indent, expected?.kind === 'array' ? { kind: 'class', className: expected.className } : undefined);
      return;
    }
    this.writeObject(value as Record<string, unknown>, indent, expected);
  }

  private writeArray(items: readonly unknown[], indent: string, element: Expected): void {
    if (items.length === 0) {
      this.out.write('[]');
      return;
    }
    const inner = `${indent}  `;
    this.out.write('[');
    for (let i = 0; i < items.length; i++) {
      this.out.newline();
      this.out.write(inner);
      const item = items[i];
      // As JSON.stringify: what JSON cannot hold is null inside an array.
      this.writeValue(isPrintable(item) ? item : null, inner, element);
      if (i < items.length - 1) this.out.write(',');
    }
    this.out.newline();
    this.out.write(`${indent}]`);
  }

  private writeObject(object: Record<string, unknown>, indent: string, expected: Expected): void {
    const keys = Object.keys(object).filter((key) => isPrintable(object[key]));
    if (keys.length === 0) {
      this.out.write('{}');
      return;
    }
    const className = this.classOf(object, expected);
    const properties = className && this.schema ? this.schema.properties(className) : undefined;
    const mapValues: Expected = expected?.kind === 'map' && typeof object.objectType !== 'string' ? { kind: 'class', className: expected.className } : undefined;
    const inner = `${indent}  `;
    this.out.write('{');
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = object[key];
      this.out.newline();
      this.out.write(inner);
      const start = this.out.character;
      this.out.write(JSON.stringify(key));
      const property = properties?.get(key);
      if (property && className && this.descriptions.length < MAX_RESPONSE_DESCRIPTIONS) {
        this.descriptions.push({ line: this.out.line, start, end: this.out.character, markdown: this.describe(className, property) });
      }
      this.out.write(': ');
      this.writeValue(value, inner, mapValues ?? (property && this.schema ? expectedOf(this.schema, property) : undefined));
      if (this.annotations.length < MAX_RESPONSE_ANNOTATIONS) this.annotate(key, property, value);
      if (i < keys.length - 1) this.out.write(',');
    }
    this.out.newline();
    this.out.write(`${indent}}`);
  }

  /** The object's own `objectType` when the schema knows it, else what the context expects. */
  private classOf(object: Record<string, unknown>, expected: Expected): string | undefined {
    if (!this.schema) return undefined;
    const own = object.objectType;
    if (typeof own === 'string' && this.schema.class(own)) return own;
    return expected?.kind === 'class' ? expected.className : undefined;
  }

  private annotate(key: string, property: PropertyDef | undefined, value: unknown): void {
    const at = { line: this.out.line, character: this.out.character };
    if (property?.enumType && (typeof value === 'number' || typeof value === 'string')) {
      const name = this.enumName(property.enumType, String(value));
      if (name !== undefined && name !== String(value)) this.annotations.push({ ...at, label: name, kind: 'enum' });
      return;
    }
    if (property?.valuesEnumType && typeof value === 'string' && value !== '') {
      const names = value.split(',').map((item) => this.enumName(property.valuesEnumType!, item.trim()) ?? item.trim());
      const label = names.join(',');
      if (label !== value) this.annotations.push({ ...at, label, kind: 'enum' });
      return;
    }
    const isTime = property ? property.isTime === true || (key.endsWith('At') && property.type === 'int') : key.endsWith('At');
    if (isTime && typeof value === 'number' && Number.isInteger(value) && value >= MIN_TIME_SECONDS && value <= MAX_TIME_SECONDS) {
      this.annotations.push({ ...at, label: utcTime(value * 1000), kind: 'time' });
    }
  }

  private enumName(enumType: string, value: string): string | undefined {
    let names = this.enumNames.get(enumType);
    if (!names) {
      const consts = this.schema?.enum(enumType)?.consts ?? [];
      const byValue = new Map<string, string>();
      for (const c of consts) if (!byValue.has(c.value)) byValue.set(c.value, c.name);
      names = byValue;
      this.enumNames.set(enumType, names);
    }
    return names.get(value);
  }

  /** `**KalturaMediaEntry.status** · `KalturaEntryStatus`` and the description; cached per class and property. */
  private describe(className: string, property: PropertyDef): string {
    const cacheKey = `${className}.${property.name}`;
    let text = this.markdown.get(cacheKey);
    if (text === undefined) {
      const owner = this.schema?.declaringClass(className, property.name)?.name ?? className;
      const type = property.enumType ?? property.valuesEnumType ?? (property.arrayType ? `${property.type} of ${property.arrayType}` : property.type);
      const flags = [property.isTime ? 'time' : '', property.readOnly ? 'read-only' : '', property.insertOnly ? 'insert-only' : '', property.deprecated ? 'deprecated' : '']
        .filter(Boolean)
        .join(', ');
      const description = property.description.trim();
      text = `**${owner}.${property.name}** · \`${type}\`${flags ? ` (${flags})` : ''}${description ? `\n\n${description}` : ''}`;
      this.markdown.set(cacheKey, text);
    }
    return text;
  }
}

function isPrintable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function scalarJson(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  return isPrintable(value) ? (JSON.stringify(value) ?? 'null') : 'null';
}
