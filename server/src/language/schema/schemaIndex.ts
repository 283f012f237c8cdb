/** Builds the look-ups over `SchemaData` that features need: by id, base chains, subclasses, properties. */

import type { ActionDef, ClassDef, EnumDef, ErrorDef, PropertyDef, SchemaData, ServiceDef } from './schemaModel';

export interface KalturaSchema {
  readonly data: SchemaData;
  /** By lower-cased service id. */
  service(id: string): ServiceDef | undefined;
  /** Case-insensitive, as the server dispatches. */
  action(service: ServiceDef, name: string): ActionDef | undefined;
  class(name: string): ClassDef | undefined;
  enum(name: string): EnumDef | undefined;
  error(code: string): ErrorDef | undefined;
  /** The readable spelling completion inserts: `baseEntry`, `metadata_metadataProfile`. */
  serviceDisplayName(service: ServiceDef): string;
  /** Own and inherited properties, nearest class first, by name. */
  properties(className: string): ReadonlyMap<string, PropertyDef>;
  /** The class that declares `property` as seen from `className`. */
  declaringClass(className: string, property: string): ClassDef | undefined;
  /** True when `sub` is `ancestor` or derives from it. */
  isSubclassOf(sub: string, ancestor: string): boolean;
  /** Every class deriving from `className` (not itself), in schema order. */
  subclasses(className: string): readonly ClassDef[];
}

export function indexSchema(data: SchemaData): KalturaSchema {
  const services = new Map<string, ServiceDef>();
  const actions = new Map<ServiceDef, Map<string, ActionDef>>();
  for (const s of data.services) {
    services.set(s.id.toLowerCase(), s);
    actions.set(s, new Map(s.actions.map((a) => [a.name.toLowerCase(), a])));
  }
  const classes = new Map(data.classes.map((c) => [c.name, c]));
  const enums = new Map(data.enums.map((e) => [e.name, e]));
  const errors = new Map(data.errors.map((e) => [e.code, e]));
  const children = new Map<string, ClassDef[]>();
  for (const c of data.classes) {
    if (!c.base) continue;
    const list = children.get(c.base) ?? [];
    list.push(c);
    children.set(c.base, list);
  }
  const propertyCache = new Map<string, Map<string, PropertyDef>>();
  const subclassCache = new Map<string, ClassDef[]>();
  const chainCache = new Map<string, ClassDef[]>();

  /** The class and its bases, nearest first; memoised (`isSubclassOf` runs for every key under an object). */
  function chain(name: string): ClassDef[] {
    const cached = chainCache.get(name);
    if (cached) return cached;
    const out: ClassDef[] = [];
    const seen = new Set<string>();
    let c = classes.get(name);
    while (c && !seen.has(c.name)) {
      seen.add(c.name);
      out.push(c);
      c = c.base ? classes.get(c.base) : undefined;
    }
    if (out.length > 0) chainCache.set(name, out);
    return out;
  }

  function properties(name: string): Map<string, PropertyDef> {
    let props = propertyCache.get(name);
    if (!props) {
      props = new Map();
      for (const c of chain(name)) for (const p of c.properties) if (!props.has(p.name)) props.set(p.name, p);
      propertyCache.set(name, props);
    }
    return props;
  }

  function subclasses(name: string): ClassDef[] {
    let subs = subclassCache.get(name);
    if (!subs) {
      subs = [];
      const stack = [...(children.get(name) ?? [])];
      const seen = new Set<string>([name]);
      while (stack.length) {
        const c = stack.shift()!;
        if (seen.has(c.name)) continue;
        seen.add(c.name);
        subs.push(c);
        stack.push(...(children.get(c.name) ?? []));
      }
      subclassCache.set(name, subs);
    }
    return subs;
  }

  function serviceDisplayName(s: ServiceDef): string {
    const underscore = s.id.indexOf('_');
    if (underscore < 0 || s.id.slice(underscore + 1) !== s.name.toLowerCase()) return s.name;
    const prefix = s.id.slice(0, underscore);
    return `${s.plugin && s.plugin.toLowerCase() === prefix ? s.plugin : prefix}_${s.name}`;
  }

  return {
    data,
    service: (id) => services.get(id.toLowerCase()),
    action: (service, name) => actions.get(service)?.get(name.toLowerCase()),
    class: (name) => classes.get(name),
    enum: (name) => enums.get(name),
    error: (code) => errors.get(code),
    serviceDisplayName,
    properties,
    declaringClass: (name, property) => chain(name).find((c) => c.properties.some((p) => p.name === property)),
    isSubclassOf: (sub, ancestor) => chain(sub).some((c) => c.name === ancestor),
    subclasses,
  };
}
