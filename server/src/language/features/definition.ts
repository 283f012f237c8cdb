/**
 * Go to definition: from a dependency token to the call line it refers to, from a `{{variable}}` to its
 * `@name` line, the name of the capture that sets it, or its `# @prompt` line.
 */

import type { Location, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument, Span } from '../parser/kreqNodes';
import { captureSites } from '../flow/flowModel';
import { blockDirectives } from '../flow/directives';
import { nodeAtOffset } from './nodeAtOffset';

function location(document: TextDocument, span: { start: number; end: number }): Location {
  return { uri: document.uri, range: { start: document.positionAt(span.start), end: document.positionAt(span.end) } };
}

function target(document: TextDocument, position: Position, doc: KreqDocument): Span | { start: number; end: number } | undefined {
  const node = nodeAtOffset(doc, document.offsetAt(position));
  if (node?.kind === 'token') {
    const n = node.token.callNumber.value;
    const call = n >= 1 ? node.block?.calls[n - 1] : undefined;
    if (!call) return undefined;
    return { start: call.line.service.start, end: call.line.action?.end ?? call.line.dot + 1 };
  }
  if (node?.kind === 'variable') {
    // The first `@name` line defines the name, then the first capture, then a `# @prompt`; built-ins and
    // environment variables have no line here.
    const name = node.variable.name.text;
    const definition = doc.variables.find((v) => v.name.text === name);
    if (definition) return { start: definition.name.start - 1, end: definition.name.end };
    const capture = captureSites(doc).get(name);
    if (capture) return capture.line.name;
    for (const block of doc.blocks) {
      const prompt = blockDirectives(block).prompts.find((p) => p.name.text === name);
      if (prompt) return prompt.name;
    }
  }
  return undefined;
}

export function findDefinition(document: TextDocument, position: Position, doc: KreqDocument): Location | null {
  const span = target(document, position, doc);
  return span ? location(document, span) : null;
}
