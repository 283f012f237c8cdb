/** Collects diagnostics as document offsets; converts them to LSP diagnostics only at the end. */

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type DiagnosticCode, type DiagnosticData } from '../languageTypes';

export type Severity = 'error' | 'warning' | 'information';

export interface Finding {
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly data?: DiagnosticData;
}

/** The severity each code has (spec §6). */
const SEVERITY: Record<DiagnosticCode, Severity> = {
  syntax: 'error',
  'unknown-service': 'error',
  'unknown-action': 'error',
  'unknown-param': 'warning',
  'unknown-property': 'warning',
  'missing-param': 'error',
  'duplicate-key': 'error',
  'type-mismatch': 'error',
  'invalid-enum': 'error',
  constraint: 'error',
  'invalid-char': 'error',
  'abstract-type': 'error',
  'invalid-object-type': 'error',
  'read-only': 'warning',
  'insert-only': 'warning',
  deprecated: 'warning',
  'token-outside-multirequest': 'error',
  'token-bad-index': 'error',
  'token-bad-path': 'error',
  'token-multiple': 'error',
  'token-not-scalar': 'error',
  'token-void-result': 'error',
  'not-in-multirequest': 'error',
  'unknown-variable': 'error',
  'file-not-found': 'error',
  'schema-unavailable': 'information',
  'file-too-large': 'information',
  'file-unreadable': 'error',
  'capture-bad-path': 'error',
  'capture-not-scalar': 'error',
  'capture-used-before': 'warning',
  'duplicate-variable': 'error',
  'assertion-bad-path': 'error',
  'assertion-bad-value': 'error',
  'unknown-directive': 'information',
  'directive-bad-argument': 'error',
};

export class DiagnosticSink {
  readonly findings: Finding[] = [];

  add(range: { start: number; end: number }, code: DiagnosticCode, message: string, data?: DiagnosticData): void {
    this.findings.push({ start: range.start, end: range.end, severity: SEVERITY[code], code, message, data });
  }
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(document: TextDocument, f: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(f.start), end: document.positionAt(f.end) },
    severity: LSP_SEVERITY[f.severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (f.code === 'deprecated') diagnostic.tags = [2 /* DiagnosticTag.Deprecated */];
  if (f.data) diagnostic.data = f.data;
  return diagnostic;
}
