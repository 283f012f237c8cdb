/** The types of the language service's API: what the host injects and what the service returns. */

import type { KalturaSchema } from './schema/schemaIndex';

/** The schema as the host has it: loaded, or not, with the reason. Failures are values. */
export type SchemaStatus =
  | { readonly kind: 'loaded'; readonly schema: KalturaSchema; readonly source: string }
  | { readonly kind: 'unavailable'; readonly problem: string; readonly source: string };

export type FileKind = 'file' | 'directory';

/** Read-only file access, relative to a document. The host resolves `relativePath` against the document's folder. */
export interface FileSystemProvider {
  stat(documentUri: string, relativePath: string): FileKind | undefined;
  readDirectory(documentUri: string, relativePath: string): ReadonlyArray<readonly [string, FileKind]>;
}

export interface LanguageServiceParams {
  readonly schema: SchemaStatus;
  /** Without it, `@file` paths are neither checked nor completed. */
  readonly fileSystem?: FileSystemProvider;
  /** Names of variables the document's environments define; without it, only file variables are known. */
  readonly environmentVariables?: (documentUri: string) => ReadonlySet<string> | undefined;
  /** The clock, in milliseconds (KS expiry in hover). */
  readonly now?: () => number;
  /** The values captured (and prompts answered) so far for a document, in its current environment: hover and
   *  completion show them. Without it (the CLI, tests), captures are known by name only. */
  readonly capturedValues?: (documentUri: string) => ReadonlyMap<string, CapturedValueInfo> | undefined;
  /** The last outcome of each assertion line (0-based line → outcome), for hover. */
  readonly assertionOutcomes?: (documentUri: string) => ReadonlyMap<number, AssertionOutcomeInfo> | undefined;
}

/** A value captured by a send (or a prompt's answer), as the host keeps it. */
export interface CapturedValueInfo {
  /** As shown: masked when it is a secret (a KS, a secret-like name). */
  readonly shown: string;
  /** 0-based line of the capture (or prompt) that set it. */
  readonly line: number;
  /** `media.add` (call 1 of block 2), or `prompt`. */
  readonly source: string;
  /** When, in milliseconds. */
  readonly at: number;
}

/** The last outcome of an assertion line, as the host keeps it. */
export interface AssertionOutcomeInfo {
  readonly ok: boolean;
  readonly message: string;
  readonly at: number;
}

export const DIAGNOSTIC_SOURCE = 'kreq';

export type DiagnosticCode =
  | 'syntax'
  | 'unknown-service'
  | 'unknown-action'
  | 'unknown-param'
  | 'unknown-property'
  | 'missing-param'
  | 'duplicate-key'
  | 'type-mismatch'
  | 'invalid-enum'
  | 'constraint'
  | 'invalid-char'
  | 'abstract-type'
  | 'invalid-object-type'
  | 'read-only'
  | 'insert-only'
  | 'deprecated'
  | 'token-outside-multirequest'
  | 'token-bad-index'
  | 'token-bad-path'
  | 'token-multiple'
  | 'token-not-scalar'
  | 'token-void-result'
  | 'not-in-multirequest'
  | 'unknown-variable'
  | 'file-not-found'
  | 'schema-unavailable'
  | 'file-too-large'
  | 'file-unreadable'
  | 'capture-bad-path'
  | 'capture-not-scalar'
  | 'capture-used-before'
  | 'duplicate-variable'
  | 'assertion-bad-path'
  | 'assertion-bad-value'
  | 'unknown-directive'
  | 'directive-bad-argument';

/** Extra data a diagnostic carries for its quick fixes. */
export interface DiagnosticData {
  /** "Did you mean": the text that replaces the diagnostic's range. */
  readonly replacement?: string;
  /** `token-not-scalar`: texts that may replace the range, each its own quick fix (the first preferred). */
  readonly replacements?: readonly string[];
  /** `missing-param`: the names of the missing mandatory parameters. */
  readonly missing?: readonly string[];
  /** `abstract-type`: the object path and the concrete classes that may be used. */
  readonly objectPath?: string;
  readonly concreteClasses?: readonly string[];
}
