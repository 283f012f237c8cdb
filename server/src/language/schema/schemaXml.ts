/**
 * Reads `api_schema.php` XML (new and 2016 formats) into `SchemaData`. Never throws: a text that
 * is not a Kaltura schema gives `{ problem }` saying why.
 */

import { XMLParser } from 'fast-xml-parser';
import type {
  ActionDef,
  ClassDef,
  EnumDef,
  ErrorDef,
  ParamDef,
  PropertyDef,
  SchemaData,
  ServiceDef,
  SessionRequired,
  TypeRef,
} from './schemaModel';

type Attrs = Record<string, string | undefined>;
type XmlNode = Attrs & Record<string, unknown>;

const REPEATED = new Set(['enum', 'const', 'class', 'property', 'service', 'action', 'param', 'throws', 'error', 'parameter', 'plugin']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  processEntities: true,
  // Attribute values are data: an error message may start with a blank (INVALID_LANGUAGE_CODE).
  trimValues: false,
  htmlEntities: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

function list(node: unknown, child: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as Record<string, unknown>)[child];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function flag(v: string | undefined): boolean | undefined {
  return v === '1' ? true : undefined;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function text(v: string | undefined): string {
  return (v ?? '').trim();
}

function typeRef(a: Attrs): TypeRef {
  return {
    type: a.type ?? 'string',
    ...(a.arrayType ? { arrayType: a.arrayType } : {}),
    ...(a.enumType ? { enumType: a.enumType } : {}),
    ...(a.isTime === '1' ? { isTime: true } : {}),
  };
}

function readProperty(p: XmlNode): PropertyDef {
  return {
    name: p.name ?? '',
    ...typeRef(p),
    description: text(p.description),
    readOnly: flag(p.readOnly),
    insertOnly: flag(p.insertOnly),
    writeOnly: flag(p.writeOnly),
    deprecated: flag(p.deprecated),
    valuesEnumType: p.valuesEnumType || undefined,
    requiresPermissions: p.requiresPermissions || undefined,
    minLength: num(p.minLength),
    maxLength: num(p.maxLength),
    minValue: num(p.minValue),
    maxValue: num(p.maxValue),
  };
}

function readParam(p: XmlNode): ParamDef {
  return {
    name: p.name ?? '',
    ...typeRef(p),
    optional: p.optional === '1',
    default: p.default,
    description: text(p.description),
    deprecated: flag(p.deprecated),
  };
}

function readAction(a: XmlNode): ActionDef {
  const result = list(a, 'result')[0] ?? (a.result as XmlNode | undefined);
  const sessionRequired = a.sessionRequired as SessionRequired | undefined;
  return {
    name: a.name ?? '',
    description: text(a.description),
    params: list(a, 'param').map(readParam),
    result: result && typeof result === 'object' && result.type ? typeRef(result) : undefined,
    throws: list(a, 'throws').map((t) => t.name ?? '').filter(Boolean),
    enableInMultiRequest: a.enableInMultiRequest !== '0',
    sessionRequired: sessionRequired === 'always' || sessionRequired === 'optional' || sessionRequired === 'none' ? sessionRequired : undefined,
    deprecated: flag(a.deprecated),
    beta: flag(a.beta),
    actionAlias: a.actionAlias || undefined,
    plugin: a.plugin || undefined,
  };
}

function readService(s: XmlNode): ServiceDef {
  return {
    id: (s.id ?? '').toLowerCase(),
    name: s.name ?? s.id ?? '',
    plugin: s.plugin || undefined,
    description: text(s.description),
    deprecated: flag(s.deprecated),
    actions: list(s, 'action').map(readAction),
  };
}

function readClass(c: XmlNode): ClassDef {
  return {
    name: c.name ?? '',
    base: c.base || undefined,
    abstract: flag(c.abstract),
    plugin: c.plugin || undefined,
    description: text(c.description),
    deprecated: flag(c.deprecated),
    properties: list(c, 'property').map(readProperty),
  };
}

function readEnum(e: XmlNode): EnumDef {
  return {
    name: e.name ?? '',
    enumType: e.enumType === 'int' ? 'int' : 'string',
    plugin: e.plugin || undefined,
    deprecated: flag(e.deprecated),
    consts: list(e, 'const').map((c) => ({ name: c.name ?? '', value: c.value ?? '', deprecated: flag(c.deprecated) })),
  };
}

function readError(e: XmlNode): ErrorDef {
  return {
    code: e.code ?? e.name ?? '',
    message: e.message ?? '',
    parameters: list(e, 'parameter').map((p) => p.name ?? ''),
  };
}

export type SchemaXmlResult = { readonly data: SchemaData } | { readonly problem: string };

/** Parses schema XML text. */
export function readSchemaXml(xml: string): SchemaXmlResult {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    return { problem: `not well-formed XML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  const root = doc.xml as XmlNode | undefined;
  if (!root || typeof root !== 'object' || !root.apiVersion || !root.services) {
    return { problem: 'not a Kaltura API schema (expected <xml apiVersion="…"> with <services>)' };
  }
  const services = list(root.services, 'service').map(readService);
  if (services.length === 0) return { problem: 'the schema lists no services' };
  return {
    data: {
      apiVersion: root.apiVersion,
      generatedDate: root.generatedDate,
      services,
      classes: list(root.classes, 'class').map(readClass),
      enums: list(root.enums, 'enum').map(readEnum),
      errors: list(root.errors, 'error').map(readError),
    },
  };
}
