/** Turns the core's offset findings into positioned results and prints them as text lines, JSON or a summary. */

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticCode, Finding } from '../language/index';
import { oneBased } from '../protocol';

export type OutputSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A finding placed in a file: 0-based line and UTF-16 character, as in LSP. */
export interface PlacedFinding {
  readonly file: string;
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly severity: OutputSeverity;
  readonly code: DiagnosticCode;
  readonly message: string;
}

export function placeFinding(file: string, document: TextDocument, finding: Finding): PlacedFinding {
  return {
    file,
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
  };
}

/** `file:line:col: severity code: message`, 1-based line and column; a message never spans lines. */
export function formatTextLine(f: PlacedFinding): string {
  const message = f.message.replace(/\r?\n/g, ' ');
  return `${f.file}:${oneBased(f.range.start.line)}:${oneBased(f.range.start.character)}: ${f.severity} ${f.code}: ${message}`;
}

export function formatText(findings: readonly PlacedFinding[]): string {
  return findings.map((f) => formatTextLine(f) + '\n').join('');
}

export function formatJson(findings: readonly PlacedFinding[]): string {
  return JSON.stringify(findings, null, 2) + '\n';
}

export interface FindingCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export function countFindings(findings: readonly PlacedFinding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** `3 files checked: 2 errors, 1 warning` (information and hints only when there are some). */
export function formatSummary(fileCount: number, counts: FindingCounts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information > 0) parts.push(plural(counts.information, 'information', 'information'));
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  return `${plural(fileCount, 'file')} checked: ${parts.join(', ')}`;
}
