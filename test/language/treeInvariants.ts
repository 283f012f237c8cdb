/** Structural invariants every parse must satisfy, shared by the parser property tests and the fuzz test. */

import type { KreqDocument, LineNode, OutcomePath, ValueNode } from '../../server/src/language/index';

interface Labelled {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** Absent for bare offsets (`dot`, `equals`). */
  readonly text?: string;
}

function valueSpans(v: ValueNode, out: Labelled[]): void {
  out.push({ label: 'value', ...v });
  if (v.filePath) out.push({ label: 'filePath', ...v.filePath });
  for (const p of v.parts) {
    out.push({ label: p.kind, ...p });
    if (p.kind === 'variable') {
      out.push({ label: 'variable.name', ...p.name });
      if (p.argument) out.push({ label: 'variable.argument', ...p.argument });
    } else {
      out.push({ label: 'token.callNumber', ...p.callNumber });
      out.push({ label: 'token.result', ...p.result });
      for (const s of p.segments) out.push({ label: 'token.segment', ...s });
    }
  }
}

function pathSpans(label: string, p: OutcomePath, out: Labelled[]): void {
  out.push({ label, ...p });
  out.push({ label: `${label} root`, ...p.root });
  for (const s of p.segments) out.push({ label: `${label} segment`, ...s });
}

/** Every span and offset a line node holds, the line itself excluded. */
export function spansOfLine(line: LineNode): Labelled[] {
  const out: Labelled[] = [];
  switch (line.kind) {
    case 'separator':
      if (line.title) out.push({ label: 'title', ...line.title });
      break;
    case 'variable':
      out.push({ label: 'variable line name', ...line.name });
      valueSpans(line.value, out);
      break;
    case 'call':
      out.push({ label: 'service', ...line.service });
      out.push({ label: 'dot', start: line.dot, end: line.dot + 1, text: '.' });
      if (line.action) out.push({ label: 'action', ...line.action });
      break;
    case 'param':
      out.push({ label: 'key', ...line.key });
      for (const s of line.key.segments) out.push({ label: 'key segment', ...s });
      for (const v of line.key.variables) {
        out.push({ label: 'key variable', ...v });
        out.push({ label: 'key variable name', ...v.name });
        if (v.argument) out.push({ label: 'key variable argument', ...v.argument });
      }
      out.push({ label: 'equals', start: line.equals, end: line.equals + 1, text: '=' });
      valueSpans(line.value, out);
      break;
    case 'capture':
      out.push({ label: 'capture name', ...line.name });
      pathSpans('capture path', line.path, out);
      break;
    case 'assertion':
      pathSpans('assertion subject', line.subject, out);
      out.push({ label: 'assertion operator', ...line.operator });
      if (line.expected) valueSpans(line.expected, out);
      break;
    case 'directive':
      out.push({ label: 'directive name', ...line.name });
      out.push({ label: 'directive argument', ...line.argument });
      break;
    default:
      break;
  }
  return out;
}

function describe(s: { readonly start: number; readonly end: number }): string {
  return `${s.start}..${s.end}`;
}

/**
 * Returns the violated invariants (empty when the parse is sound):
 * lines tile the text exactly, every node lies inside its line and its `text` is the source slice,
 * syntax errors, blocks and calls lie inside the document.
 */
export function treeViolations(text: string, doc: KreqDocument): string[] {
  const problems: string[] = [];
  if (doc.text !== text) problems.push('doc.text differs from the input');
  let rebuilt = '';
  let expectedStart = 0;
  doc.lines.forEach((line, i) => {
    if (line.line !== i) problems.push(`line ${i}: numbered ${line.line}`);
    if (line.start !== expectedStart) problems.push(`line ${i}: starts at ${line.start}, expected ${expectedStart}`);
    if (!(line.start <= line.end && line.end <= line.fullEnd && line.fullEnd <= text.length)) {
      problems.push(`line ${i}: bad bounds ${line.start}..${line.end}..${line.fullEnd}`);
    }
    if (line.text !== text.slice(line.start, line.end)) problems.push(`line ${i}: text is not the source slice`);
    const eol = text.slice(line.end, line.fullEnd);
    if (!(eol === '' || eol === '\n' || eol === '\r\n')) problems.push(`line ${i}: line break ${JSON.stringify(eol)}`);
    if (eol === '' && line.fullEnd !== text.length) problems.push(`line ${i}: no line break before the end`);
    rebuilt += text.slice(line.start, line.fullEnd);
    expectedStart = line.fullEnd;
    for (const s of spansOfLine(line)) {
      if (!(line.start <= s.start && s.start <= s.end && s.end <= line.end)) {
        problems.push(`line ${i} (${line.kind}): ${s.label} ${describe(s)} outside ${line.start}..${line.end}`);
      } else if (s.text !== undefined && s.text !== text.slice(s.start, s.end)) {
        problems.push(`line ${i} (${line.kind}): ${s.label} ${describe(s)} text ${JSON.stringify(s.text)} is not the source slice`);
      }
    }
  });
  if (rebuilt !== text) problems.push('the lines do not reproduce the text');
  if (doc.lines.length === 0) problems.push('no lines');
  for (const e of doc.syntaxErrors) {
    if (!(0 <= e.start && e.start <= e.end && e.end <= text.length)) problems.push(`syntax error ${describe(e)} outside the document`);
  }
  for (const b of doc.blocks) {
    for (const d of b.directives) {
      if (!(b.start <= d.start && d.end <= b.end)) problems.push(`block ${b.index}: directive line ${d.line} outside the block ${describe(b)}`);
      if (b.calls.length > 0 && d.start > b.calls[0].start) problems.push(`block ${b.index}: directive line ${d.line} after the block's first call`);
    }
    if (!(0 <= b.start && b.start <= b.end && b.end <= text.length)) problems.push(`block ${b.index} ${describe(b)} outside the document`);
    b.calls.forEach((c, i) => {
      if (c.number !== i + 1) problems.push(`block ${b.index}: call ${i} numbered ${c.number}`);
      if (!(c.start <= c.end && b.start <= c.start && c.end <= b.end)) problems.push(`block ${b.index} call ${c.number} ${describe(c)} outside the block ${describe(b)}`);
      for (const l of [...c.params, ...c.captures, ...c.assertions]) {
        if (!(c.start <= l.start && l.end <= c.end)) problems.push(`block ${b.index} call ${c.number}: its ${l.kind} line ${l.line} lies outside the call ${describe(c)}`);
      }
    });
  }
  return problems;
}
