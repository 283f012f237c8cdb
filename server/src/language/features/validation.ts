/** Produces every diagnostic of a document (spec §6): syntax, schema checks, references, schema availability. */

import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';
import { DiagnosticSink, toLspDiagnostic, type Finding } from './diagnosticSink';
import { resolveCall } from './keyResolution';
import { checkCall, checkCommonParams } from './validateCall';
import { checkBlockTokens, checkVariables } from './validateReferences';

/** Diagnostics as offsets (used by the CLI and by tests through `doValidation`). */
export function collectFindings(params: LanguageServiceParams, documentUri: string, doc: KreqDocument): Finding[] {
  const sink = new DiagnosticSink();
  for (const e of doc.syntaxErrors) sink.add(e, 'syntax', e.message);
  const schema = params.schema.kind === 'loaded' ? params.schema.schema : undefined;
  if (!schema) {
    const first = doc.lines[0];
    sink.add(
      { start: 0, end: first ? first.end : 0 },
      'schema-unavailable',
      `Kaltura API schema unavailable (${params.schema.source}): ${params.schema.kind === 'unavailable' ? params.schema.problem : 'not loaded'}. Only syntax is checked. Set \`kreq.schema\` (or \`--schema\`) to a schema file or URL.`,
    );
  }
  const ctx = schema ? { schema, sink, documentUri, fileSystem: params.fileSystem } : undefined;
  for (const block of doc.blocks) {
    const resolvedCalls = block.calls.map((c) => resolveCall(schema, c));
    if (ctx) {
      checkCommonParams(ctx, block.commonParams);
      for (const r of resolvedCalls) checkCall(ctx, r, block);
    }
    checkBlockTokens(schema, sink, block, resolvedCalls);
  }
  checkVariables(sink, doc, params.environmentVariables?.(documentUri));
  return sink.findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function doValidation(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument): Diagnostic[] {
  return collectFindings(params, document.uri, doc).map((f) => toLspDiagnostic(document, f));
}
