/** Prints a parsed document as an indented `KIND@start..end "text"` tree, the form parser tests compare. */

import type { KreqDocument, LineNode, OutcomePath, Span, ValueNode } from './kreqNodes';

function node(kind: string, s: Span, depth: number): string {
  return `${'  '.repeat(depth)}${kind}@${s.start}..${s.end} ${JSON.stringify(s.text)}`;
}

function printValue(v: ValueNode, depth: number, out: string[]): void {
  out.push(node(v.quoted ? 'VALUE_QUOTED' : 'VALUE', v, depth));
  if (v.quoted) out.push(`${'  '.repeat(depth + 1)}CONTENT ${JSON.stringify(v.content)}`);
  if (v.filePath) out.push(node('FILE_PATH', v.filePath, depth + 1));
  for (const p of v.parts) {
    if (p.kind === 'variable') {
      out.push(node('VARIABLE', p, depth + 1));
      out.push(node('NAME', p.name, depth + 2));
      if (p.argument) out.push(node('ARGUMENT', p.argument, depth + 2));
    } else {
      out.push(node(p.form === 'curly' ? 'TOKEN' : 'TOKEN_ANGLE', p, depth + 1));
      out.push(node('CALL_NUMBER', p.callNumber, depth + 2));
      for (const s of p.segments) out.push(node('SEGMENT', s, depth + 2));
    }
  }
}

function printPath(kind: string, p: OutcomePath, depth: number, out: string[]): void {
  out.push(node(kind, p, depth));
  out.push(node('ROOT', p.root, depth + 1));
  for (const s of p.segments) out.push(node('SEGMENT', s, depth + 1));
}

function printLine(line: LineNode, depth: number, out: string[]): void {
  out.push(node(line.kind.toUpperCase(), line, depth));
  switch (line.kind) {
    case 'separator':
      if (line.title) out.push(node('TITLE', line.title, depth + 1));
      break;
    case 'variable':
      out.push(node('NAME', line.name, depth + 1));
      printValue(line.value, depth + 1, out);
      break;
    case 'call':
      out.push(node('SERVICE', line.service, depth + 1));
      if (line.action) out.push(node('ACTION', line.action, depth + 1));
      break;
    case 'param':
      out.push(node('KEY', line.key, depth + 1));
      for (const s of line.key.segments) out.push(node('SEGMENT', s, depth + 2));
      for (const v of line.key.variables) out.push(node('VARIABLE', v, depth + 2));
      printValue(line.value, depth + 1, out);
      break;
    case 'capture':
      out.push(node('NAME', line.name, depth + 1));
      printPath('PATH', line.path, depth + 1, out);
      break;
    case 'assertion':
      printPath('SUBJECT', line.subject, depth + 1, out);
      out.push(node('OPERATOR', line.operator, depth + 1));
      if (line.expected) printValue(line.expected, depth + 1, out);
      break;
    case 'directive':
      out.push(node('NAME', line.name, depth + 1));
      out.push(node('ARGUMENT', line.argument, depth + 1));
      break;
    default:
      break;
  }
}

/** The whole tree: lines in order, then the block structure, then syntax errors. */
export function printTree(doc: KreqDocument): string {
  const out: string[] = [];
  for (const line of doc.lines) printLine(line, 0, out);
  for (const block of doc.blocks) {
    out.push(`BLOCK#${block.index + 1}@${block.start}..${block.end}${block.separator?.title ? ' ' + JSON.stringify(block.separator.title.text) : ''}`);
    for (const d of block.directives) out.push(`  DIRECTIVE line ${d.line + 1} @${d.name.text}`);
    for (const p of block.commonParams) out.push(`  COMMON line ${p.line + 1} ${p.key.text}`);
    for (const c of block.calls) {
      out.push(`  CALL#${c.number}@${c.start}..${c.end} line ${c.line.line + 1} ${c.line.text.trim()}`);
      for (const p of c.params) out.push(`    PARAM line ${p.line + 1} ${p.key.text}`);
      for (const p of c.captures) out.push(`    CAPTURE line ${p.line + 1} ${p.name.text}`);
      for (const p of c.assertions) out.push(`    ASSERTION line ${p.line + 1} ${p.subject.text} ${p.operator.text}`);
    }
  }
  for (const e of doc.syntaxErrors) out.push(`SYNTAX_ERROR@${e.start}..${e.end} ${e.message}`);
  return out.join('\n') + '\n';
}
