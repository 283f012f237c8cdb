/**
 * The Kaltura API schema as plain, serialisable data (what the XML says, nothing derived).
 * `SchemaData` is what the disk cache stores; `KalturaSchema` (schemaIndex.ts) adds the look-ups.
 */

/** A declared type: a scalar (`int`, `string`, `bool`, `float`, `bigint`, `file`), `array`/`map`, or a class name. */
export interface TypeRef {
  readonly type: string;
  /** Element class of an `array` or `map`. */
  readonly arrayType?: string;
  /** Enum whose consts are the allowed values. */
  readonly enumType?: string;
  readonly isTime?: boolean;
}

export interface ParamDef extends TypeRef {
  readonly name: string;
  readonly optional: boolean;
  readonly default?: string;
  readonly description: string;
  readonly deprecated?: boolean;
}

export interface PropertyDef extends TypeRef {
  readonly name: string;
  readonly description: string;
  readonly readOnly?: boolean;
  readonly insertOnly?: boolean;
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  /** Comma-separated items taken from this enum. */
  readonly valuesEnumType?: string;
  readonly requiresPermissions?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
}

export interface ClassDef {
  readonly name: string;
  readonly base?: string;
  readonly abstract?: boolean;
  readonly plugin?: string;
  readonly description: string;
  readonly deprecated?: boolean;
  /** Own properties only; inherited ones come from `base`. */
  readonly properties: readonly PropertyDef[];
}

export interface EnumConst {
  readonly name: string;
  readonly value: string;
  readonly deprecated?: boolean;
}

export interface EnumDef {
  readonly name: string;
  readonly enumType: 'int' | 'string';
  readonly plugin?: string;
  readonly deprecated?: boolean;
  readonly consts: readonly EnumConst[];
}

export type SessionRequired = 'always' | 'optional' | 'none';

export interface ActionDef {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamDef[];
  /** Absent for actions that return nothing. */
  readonly result?: TypeRef;
  readonly throws: readonly string[];
  readonly enableInMultiRequest: boolean;
  /** Absent in older schemas (2016), where every action is treated as `always` except session.start. */
  readonly sessionRequired?: SessionRequired;
  readonly deprecated?: boolean;
  readonly beta?: boolean;
  /** `service.action` for an action grafted onto this service by a plugin. */
  readonly actionAlias?: string;
  readonly plugin?: string;
}

export interface ServiceDef {
  /** Wire identity, lower case (`baseentry`, `metadata_metadataprofile`). */
  readonly id: string;
  readonly name: string;
  readonly plugin?: string;
  readonly description: string;
  readonly deprecated?: boolean;
  readonly actions: readonly ActionDef[];
}

export interface ErrorDef {
  readonly code: string;
  readonly message: string;
  readonly parameters: readonly string[];
}

export interface SchemaData {
  readonly apiVersion: string;
  readonly generatedDate?: string;
  readonly services: readonly ServiceDef[];
  readonly classes: readonly ClassDef[];
  readonly enums: readonly EnumDef[];
  readonly errors: readonly ErrorDef[];
}
