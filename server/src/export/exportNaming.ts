/** How each client library spells Kaltura names: classes, enum members, service methods, string literals. */

/** `baseEntry` → `BaseEntry`. */
export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `KalturaMediaEntry` → `MediaEntry` (the Node library's `kaltura.objects` / `kaltura.enums` names). */
export function withoutKalturaPrefix(name: string): string {
  return name.startsWith('Kaltura') ? name.slice('Kaltura'.length) : name;
}

/** The TypeScript library's enum members: `LIVE_STREAM_FLASH` → `liveStreamFlash`. */
export function typeScriptEnumMember(constName: string): string {
  return constName.toLowerCase().replace(/_([a-z0-9])/g, (_whole, c: string) => c.toUpperCase());
}

/** Actions whose names are reserved words: the Node library adds `Action`. */
const NODE_RENAMED = new Set(['list', 'delete', 'clone', 'export']);
/** Actions the PHP library renames with `Action`. */
const PHP_RENAMED = new Set(['list', 'clone']);

export function nodeMethod(action: string): string {
  return NODE_RENAMED.has(action) ? `${action}Action` : action;
}

export function phpMethod(action: string): string {
  return PHP_RENAMED.has(action) ? `${action}Action` : action;
}

/** The TypeScript library's request class: `media` + `list` → `MediaListAction`. */
export function typeScriptActionClass(service: string, action: string): string {
  return `${capitalize(service)}${capitalize(action)}Action`;
}

/** A double-quoted literal that JavaScript, TypeScript and Python all read the same way. */
export function doubleQuoted(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A PHP single-quoted literal. */
export function phpQuoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A property name as an object-literal key: bare when it is an identifier. */
export function objectKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : doubleQuoted(name);
}

/** The variable for a call's object argument: `filter`, or `filter2` in a multirequest. */
export function argumentVariable(name: string, callNumber: number, multirequest: boolean): string {
  const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'value';
  return multirequest ? `${base}${callNumber}` : base;
}
