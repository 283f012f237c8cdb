/** Writes the Markdown that hover shows for schema things (services, actions, parameters, properties, classes, enum values) and decoded KSes. */

import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, ClassDef, EnumConst, EnumDef, ParamDef, PropertyDef, ServiceDef, TypeRef } from '../schema/schemaModel';
import { typeLabel, type PathStepInfo } from './resultPath';
import { expiryText, type DecodedKs } from './ksDecode';

const MAX_THROWS = 25;
const MAX_ENUM_VALUES = 12;
const KS_TYPES: Record<number, string> = { 0: 'USER', 2: 'ADMIN' };

/** Escapes the characters that would turn schema text into Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*<>[\]]/g, (c) => `\\${c}`);
}

/** A schema description: one paragraph, its lines kept apart, Markdown escaped. */
export function descriptionText(description: string): string {
  return description
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(escapeMarkdown)
    .join('  \n');
}

export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

export function codeBlock(text: string): string {
  return '```\n' + text + '\n```';
}

/** Joins non-empty sections with blank lines. */
export function sections(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== '').join('\n\n');
}

function bullets(lines: (string | undefined | false)[]): string | undefined {
  const kept = lines.filter((l): l is string => !!l);
  return kept.length ? kept.map((l) => `- ${l}`).join('\n') : undefined;
}

function enumValues(e: EnumDef): string {
  const shown = e.consts.slice(0, MAX_ENUM_VALUES).map((c) => `${code(c.name)} = ${code(c.value)}`);
  return shown.join(', ') + (e.consts.length > MAX_ENUM_VALUES ? `, … (${e.consts.length} in all)` : '');
}

/** The lines every typed thing shows: enum values, element class, time, and the class of an object. */
function typeNotes(schema: KalturaSchema, type: TypeRef): (string | undefined)[] {
  const e = type.enumType ? schema.enum(type.enumType) : undefined;
  const cls = type.type !== 'array' && type.type !== 'map' ? schema.class(type.type) : undefined;
  return [
    e && `Enum ${code(e.name)} (${e.enumType}): ${enumValues(e)}`,
    type.isTime ? 'Unix time, in seconds' : undefined,
    (type.type === 'array' || type.type === 'map') && type.arrayType
      ? `${type.type === 'array' ? 'Array' : 'Map'} of ${code(type.arrayType)}${schema.class(type.arrayType)?.abstract ? ' (abstract: give each item an `objectType`)' : ''}`
      : undefined,
    cls?.abstract ? `${code(cls.name)} is abstract: set ${code('…:objectType')} to a concrete subclass` : undefined,
  ];
}

function defaultText(value: string): string {
  return value === '' ? '""' : value;
}

export function serviceHover(schema: KalturaSchema, service: ServiceDef): string {
  const name = schema.serviceDisplayName(service);
  const facts = [
    `id ${code(service.id)}`,
    service.plugin ? `plugin ${code(service.plugin)}` : undefined,
    `${service.actions.length} ${service.actions.length === 1 ? 'action' : 'actions'}`,
  ].filter(Boolean);
  return sections(
    `**Service** ${code(name)}${service.deprecated ? ' — **deprecated**' : ''}`,
    facts.join(' · '),
    descriptionText(service.description),
  );
}

/** `name?: type = default` as the action signature lists a parameter. */
function paramSignature(p: ParamDef): string {
  const def = p.optional && p.default !== undefined ? ` = ${defaultText(p.default)}` : '';
  return `${p.name}${p.optional ? '?' : ''}: ${typeLabel(p)}${def}`;
}

function sessionText(action: ActionDef): string | undefined {
  switch (action.sessionRequired) {
    case 'always':
      return 'Session (`sessionRequired`): `always` — needs a KS';
    case 'optional':
      return 'Session (`sessionRequired`): `optional` — works with or without a KS';
    case 'none':
      return 'Session (`sessionRequired`): `none` — needs no KS';
    default:
      return undefined;
  }
}

function throwsText(schema: KalturaSchema, action: ActionDef): string | undefined {
  if (action.throws.length === 0) return undefined;
  const lines = action.throws.slice(0, MAX_THROWS).map((name) => {
    const error = schema.error(name);
    return `- ${code(name)}${error?.message ? `: ${escapeMarkdown(error.message)}` : ''}`;
  });
  if (action.throws.length > MAX_THROWS) lines.push(`- … and ${action.throws.length - MAX_THROWS} more`);
  return `Throws:\n${lines.join('\n')}`;
}

export function actionHover(schema: KalturaSchema, service: ServiceDef, action: ActionDef): string {
  const head = `${schema.serviceDisplayName(service)}.${action.name}`;
  const params = action.params.map((p) => `  ${paramSignature(p)}`);
  const result = action.result ? typeLabel(action.result) : 'void';
  const signature = params.length ? `${head}(\n${params.join(',\n')}\n): ${result}` : `${head}(): ${result}`;
  return sections(
    codeBlock(signature),
    descriptionText(action.description),
    bullets([
      action.deprecated && '**Deprecated**',
      action.beta && 'Beta',
      action.actionAlias && `Grafted onto this service as ${code(action.actionAlias)}${action.plugin ? ` by plugin ${code(action.plugin)}` : ''}`,
      sessionText(action),
      !action.enableInMultiRequest && '`enableInMultiRequest=0`: cannot run inside a multirequest; send it in a block of its own',
      action.result ? `Returns ${code(typeLabel(action.result))}` : 'Returns nothing',
    ]),
    throwsText(schema, action),
  );
}

export function paramHover(schema: KalturaSchema, service: ServiceDef | undefined, action: ActionDef, param: ParamDef): string {
  const owner = service ? `${schema.serviceDisplayName(service)}.${action.name}` : action.name;
  const requirement = param.optional
    ? `optional${param.default !== undefined ? `, default ${code(defaultText(param.default))}` : ''}`
    : param.type === 'array' || param.type === 'map'
      ? 'mandatory (sent as an empty array when absent)'
      : 'mandatory';
  return sections(
    codeBlock(paramSignature(param)),
    `Parameter of ${code(owner)} · ${requirement}${param.deprecated ? ' · **deprecated**' : ''}`,
    descriptionText(param.description),
    bullets(typeNotes(schema, param)),
  );
}

function constraints(p: PropertyDef): string | undefined {
  const parts: string[] = [];
  if (p.minLength !== undefined || p.maxLength !== undefined) parts.push(`length ${p.minLength ?? 0}–${p.maxLength ?? '∞'}`);
  if (p.minValue !== undefined || p.maxValue !== undefined) parts.push(`value ${p.minValue ?? '−∞'}–${p.maxValue ?? '∞'}`);
  return parts.length ? `Constraints: ${parts.join(', ')}` : undefined;
}

/** `owner` is the class in force where the property was looked up. */
export function propertyHover(schema: KalturaSchema, owner: string, property: PropertyDef): string {
  const declaring = schema.declaringClass(owner, property.name)?.name ?? owner;
  const access = [property.readOnly && 'read-only', property.insertOnly && 'insert-only', property.writeOnly && 'write-only'].filter(Boolean);
  return sections(
    codeBlock(`${property.name}: ${typeLabel(property)}`),
    `Property of ${code(declaring)}${declaring !== owner ? ` (inherited by ${code(owner)})` : ''}${access.length ? ` · ${access.join(', ')}` : ''}${property.deprecated ? ' · **deprecated**' : ''}`,
    descriptionText(property.description),
    bullets([
      ...typeNotes(schema, property),
      property.valuesEnumType && `Comma-separated values of ${code(property.valuesEnumType)}`,
      constraints(property),
      property.requiresPermissions && `Requires permissions: ${code(property.requiresPermissions)}`,
    ]),
  );
}

export function classHover(schema: KalturaSchema, cls: ClassDef): string {
  const concrete = schema.subclasses(cls.name).filter((c) => !c.abstract).length;
  return sections(
    codeBlock(`class ${cls.name}${cls.base ? ` extends ${cls.base}` : ''}`),
    [cls.abstract && '**abstract**', cls.deprecated && '**deprecated**', cls.plugin && `plugin ${code(cls.plugin)}`, `${schema.properties(cls.name).size} properties`, concrete > 0 && `${concrete} concrete subclasses`]
      .filter(Boolean)
      .join(' · '),
    descriptionText(cls.description),
  );
}

export function enumConstHover(e: EnumDef, constant: EnumConst): string {
  return sections(
    codeBlock(`${constant.name} = ${constant.value}`),
    `Value of enum ${code(e.name)} (${e.enumType})${constant.deprecated ? ' · **deprecated**' : ''}${e.deprecated ? ' · enum **deprecated**' : ''}`,
  );
}

/** The const a value text names: by wire value first, then by name (spec §5). */
export function enumConstOf(e: EnumDef, text: string): EnumConst | undefined {
  return e.consts.find((c) => c.value === text) ?? e.consts.find((c) => c.name === text);
}

/** What a KS shows without its secret; `nowMs` dates the expiry. */
export function ksHover(ks: DecodedKs, nowMs: number): string {
  if (ks.version === 2) {
    return sections(
      `**KS v2** · partner ${code(ks.partnerId)}`,
      "The rest (expiry, type, user, privileges) is encrypted with the partner's admin secret; `session.get` reads it.",
    );
  }
  const type = ks.type === undefined ? undefined : `${code(KS_TYPES[ks.type] ?? String(ks.type))} (${ks.type})`;
  const date = ks.validUntil === undefined ? undefined : new Date(ks.validUntil * 1000);
  const expiry =
    ks.validUntil === undefined || !date
      ? undefined
      : `Expiry: ${code(Number.isNaN(date.getTime()) ? String(ks.validUntil) : date.toISOString())} — ${expiryText(ks.validUntil, nowMs)}`;
  const lines = [
    `Partner: ${code(ks.partnerId)}`,
    type && `Type: ${type}`,
    `User: ${ks.userId ? code(ks.userId) : '*none*'}`,
    `Privileges: ${ks.privileges ? code(ks.privileges) : '*none*'}`,
    expiry,
    ks.masterPartnerId && `Master partner: ${code(ks.masterPartnerId)}`,
    ks.additionalData && `Additional data: ${code(ks.additionalData)}`,
  ].filter((l): l is string => !!l);
  return sections('**KS v1**', lines.map((l) => `- ${l}`).join('\n'));
}

/** The hover of one path segment (of a token, capture or assertion subject): its type, owner, description, where it is. */
export function pathStepHover(step: PathStepInfo, where: string, ...notes: (string | undefined | false)[]): string {
  return sections(
    codeBlock(`${step.segment.text}: ${step.label}`),
    step.problem ? `**Not resolved**: ${step.problem}` : step.owner ? `Property of ${code(step.owner)}` : undefined,
    step.description && descriptionText(step.description),
    where,
    ...notes,
  );
}
