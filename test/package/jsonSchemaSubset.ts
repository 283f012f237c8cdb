/**
 * A tiny JSON-schema (draft-07) validator for the subset schemas/kreq-env.schema.json uses — type, enum, pattern,
 * minimum, exclusiveMinimum, properties, patternProperties, additionalProperties, anyOf and local `$ref` — so that
 * the test needs no dependency. Any other keyword is reported, so the schema cannot silently outgrow it.
 */

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Keywords that do not constrain (descriptions, ids, completion hints). */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'examples', 'definitions', 'default', 'markdownDescription']);
const CHECKED = new Set(['type', 'enum', 'pattern', 'minimum', 'exclusiveMinimum', 'properties', 'patternProperties', 'additionalProperties', 'anyOf', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** The problems of `value` against `schema` (`root` resolves `$ref`s), as `path: what`; empty when it is valid. */
export function validate(value: unknown, schema: JsonSchema, root: JsonSchema = schema, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: not allowed`];
  const problems: string[] = [];
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !CHECKED.has(keyword)) problems.push(`${at}: the validator does not know the keyword ${keyword}`);
  }
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], root);
    if (target === undefined) return [`${at}: unresolved $ref ${schema.$ref}`];
    problems.push(...validate(value, target as JsonSchema, root, at));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => matchesType(value, type))) return [...problems, `${at}: ${typeOf(value)} is not ${types.join(' or ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) problems.push(`${at}: ${value} < ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number' && typeof value === 'number' && value <= schema.exclusiveMinimum) problems.push(`${at}: ${value} <= ${schema.exclusiveMinimum}`);
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => validate(value, option as JsonSchema, root, at).length === 0)) {
    problems.push(`${at}: ${JSON.stringify(value)} matches none of anyOf`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, JsonSchema>);
    for (const [key, child] of Object.entries(object)) {
      const path = `${at}.${key}`;
      let matched = false;
      if (Object.hasOwn(properties, key)) {
        matched = true;
        problems.push(...validate(child, properties[key], root, path));
      }
      for (const [pattern, childSchema] of patterns) {
        if (!new RegExp(pattern, 'u').test(key)) continue;
        matched = true;
        problems.push(...validate(child, childSchema, root, path));
      }
      if (!matched && schema.additionalProperties !== undefined) problems.push(...validate(child, schema.additionalProperties as JsonSchema, root, path));
    }
  }
  return problems;
}
