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
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from './parser/kreqNodes';
import { parseKreq } from './parser/kreqParser';
import type { LanguageServiceParams } from './languageTypes';
import { doValidation } from './features/validation';
import { doComplete } from './features/completion';
import { doHover } from './features/hover';
import { getCodeActions } from './features/codeActions';
import { getDocumentSymbols, getFoldingRanges } from './features/outline';
import { findDefinition } from './features/definition';

export interface LanguageService {
  parse(document: TextDocument): KreqDocument;
  doValidation(document: TextDocument, doc: KreqDocument): Diagnostic[];
  doComplete(document: TextDocument, position: Position, doc: KreqDocument): CompletionList;
  doHover(document: TextDocument, position: Position, doc: KreqDocument): Hover | null;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext, doc: KreqDocument): CodeAction[];
  getDocumentSymbols(document: TextDocument, doc: KreqDocument): DocumentSymbol[];
  getFoldingRanges(document: TextDocument, doc: KreqDocument): FoldingRange[];
  findDefinition(document: TextDocument, position: Position, doc: KreqDocument): Location | null;
}

export function getLanguageService(params: LanguageServiceParams): LanguageService {
  return {
    parse: (document) => parseKreq(document.getText()),
    doValidation: (document, doc) => doValidation(params, document, doc),
    doComplete: (document, position, doc) => doComplete(params, document, position, doc),
    doHover: (document, position, doc) => doHover(params, document, position, doc),
    getCodeActions: (document, range, context, doc) => getCodeActions(params, document, range, context, doc),
    getDocumentSymbols: (document, doc) => getDocumentSymbols(document, doc),
    getFoldingRanges: (document, doc) => getFoldingRanges(document, doc),
    findDefinition: (document, position, doc) => findDefinition(document, position, doc),
  };
}

export { parseKreq } from './parser/kreqParser';
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
