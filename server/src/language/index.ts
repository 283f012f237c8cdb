/**
 * The language core's one entry point: `getLanguageService(params)` returns plain functions over a
 * parsed document. No I/O, no LSP connection, no `vscode`: everything from outside arrives in `params`.
 */

import type {
  CodeAction,
  CodeActionContext,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from './parser/kreqNodes';
import { parseKreq, parseSteps } from './parser/kreqParser';
import type { LanguageServiceParams } from './languageTypes';
import { doValidation, validationSteps } from './features/validation';
import { doComplete } from './features/completion';
import { doubledSeparatorEdits } from './features/completionSeparators';
import { doHover } from './features/hover';
import { getCodeActions } from './features/codeActions';
import { getDocumentSymbols, getFoldingRanges } from './features/outline';
import { findDefinition } from './features/definition';

export interface LanguageService {
  parse(document: TextDocument): KreqDocument;
  /** `parse` in steps: the generator yields every few thousand lines, so a host can answer other requests between. */
  parseSteps(document: TextDocument): Generator<void, KreqDocument>;
  doValidation(document: TextDocument, doc: KreqDocument): Diagnostic[];
  /** `doValidation` in steps, as `parseSteps`. */
  validationSteps(document: TextDocument, doc: KreqDocument): Generator<void, Diagnostic[]>;
  doComplete(document: TextDocument, position: Position, doc: KreqDocument): CompletionList;
  /** On-type edits: drops the separator `ch` typed right after one a completion item already wrote. */
  doubledSeparatorEdits(document: TextDocument, position: Position, ch: string, doc: KreqDocument): TextEdit[];
  doHover(document: TextDocument, position: Position, doc: KreqDocument): Hover | null;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext, doc: KreqDocument): CodeAction[];
  getDocumentSymbols(document: TextDocument, doc: KreqDocument): DocumentSymbol[];
  getFoldingRanges(document: TextDocument, doc: KreqDocument): FoldingRange[];
  findDefinition(document: TextDocument, position: Position, doc: KreqDocument): Location | null;
}

/** A document past the analysis bounds (`doc.oversize`) gets only its one diagnostic: every other feature answers
 *  empty at once, without touching the text (not even to map positions, which would index all its lines). */
export function getLanguageService(params: LanguageServiceParams): LanguageService {
  const EMPTY: CompletionList = { isIncomplete: false, items: [] };
  return {
    parse: (document) => parseKreq(document.getText()),
    parseSteps: (document) => parseSteps(document.getText()),
    doValidation: (document, doc) => doValidation(params, document, doc),
    validationSteps: (document, doc) => validationSteps(params, document, doc),
    doComplete: (document, position, doc) => (doc.oversize ? EMPTY : doComplete(params, document, position, doc)),
    doubledSeparatorEdits: (document, position, ch, doc) => (doc.oversize ? [] : doubledSeparatorEdits(document, position, ch)),
    doHover: (document, position, doc) => (doc.oversize ? null : doHover(params, document, position, doc)),
    getCodeActions: (document, range, context, doc) => (doc.oversize ? [] : getCodeActions(params, document, range, context, doc)),
    getDocumentSymbols: (document, doc) => (doc.oversize ? [] : getDocumentSymbols(document, doc)),
    getFoldingRanges: (document, doc) => (doc.oversize ? [] : getFoldingRanges(document, doc)),
    findDefinition: (document, position, doc) => (doc.oversize ? null : findDefinition(document, position, doc)),
  };
}

export { parseKreq } from './parser/kreqParser';
export { MAX_ANALYSED_CHARACTERS, MAX_ANALYSED_LINES, oversizeReason } from './parser/documentBounds';
export { MAX_FOLDING_RANGES, MAX_OUTLINE_SYMBOLS } from './features/outline';
export { SEPARATOR_CHARACTERS } from './features/completionSeparators';
export { printTree } from './parser/printTree';
export { readSchemaXml, type SchemaXmlResult } from './schema/schemaXml';
export { indexSchema, type KalturaSchema } from './schema/schemaIndex';
export type * from './schema/schemaModel';
export type * from './parser/kreqNodes';
export type * from './languageTypes';
export { DIAGNOSTIC_SOURCE } from './languageTypes';
export { collectFindings } from './features/validation';
export type { Finding, Severity } from './features/diagnosticSink';
export { resolveCall, resolveKey, objectTypesOf, RESERVED_KEYS, type KeyStep, type ResolvedCall } from './features/keyResolution';
export { decodeKs, type DecodedKs, type KsV1, type KsV2 } from './features/ksDecode';
export { isClassType } from './features/keyResolution';
export { walkPath, typeLabel } from './features/resultPath';
export * from './flow/directives';
export * from './flow/outcomePath';
export * from './flow/captures';
export * from './flow/assertions';
export * from './flow/flowModel';
