/**
 * What the editor draws over `kreq-response` documents (the current response, history entries, big responses opened
 * from a temp file): enum names and dates as inlay hints, schema descriptions on hover, and a fold per call.
 */

import * as vscode from 'vscode';
import type { ResponseAnnotation, ResponseDocument } from '../../server/src/protocol';
import { RESPONSE_LANGUAGE } from './responseContent';

/** The index of the first annotation on or after `line` (annotations are in document order). */
function firstOnOrAfter(annotations: readonly ResponseAnnotation[], line: number): number {
  let low = 0;
  let high = annotations.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (annotations[middle].line < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The response documents shown, by URI, and the providers that draw them. */
export class ResponseLanguageFeatures implements vscode.InlayHintsProvider, vscode.HoverProvider, vscode.FoldingRangeProvider, vscode.Disposable {
  private readonly documents = new Map<string, ResponseDocument>();
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.hintsChanged.event;
  private readonly foldingChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeFoldingRanges = this.foldingChanged.event;
  private readonly disposables: vscode.Disposable[];

  /** `bigResponses`: where responses too big for a virtual document are written (text files, any language). */
  constructor(bigResponses: vscode.GlobPattern) {
    // By scheme too: a response above the highlighting limit is plain text, and still gets its notes.
    const selector: vscode.DocumentSelector = [{ language: RESPONSE_LANGUAGE }, { scheme: 'kreq-response' }, { scheme: 'file', pattern: bigResponses }];
    this.disposables = [
      this.hintsChanged,
      this.foldingChanged,
      vscode.languages.registerInlayHintsProvider(selector, this),
      vscode.languages.registerHoverProvider(selector, this),
      vscode.languages.registerFoldingRangeProvider(selector, this),
    ];
  }

  /** Draws `document` over the text of `uri` (replacing what was drawn there). */
  set(uri: vscode.Uri, document: ResponseDocument): void {
    this.documents.set(uri.toString(), document);
    this.hintsChanged.fire();
    this.foldingChanged.fire();
  }

  get(uri: vscode.Uri): ResponseDocument | undefined {
    return this.documents.get(uri.toString());
  }

  delete(uri: vscode.Uri): void {
    this.documents.delete(uri.toString());
  }

  /** The drawn document, only while the text is still the one it was built for. */
  private drawn(textDocument: vscode.TextDocument): ResponseDocument | undefined {
    const document = this.documents.get(textDocument.uri.toString());
    return document && textDocument.getText().length === document.text.length ? document : undefined;
  }

  provideInlayHints(textDocument: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const document = this.drawn(textDocument);
    if (!document) return [];
    const hints: vscode.InlayHint[] = [];
    const { annotations } = document;
    for (let i = firstOnOrAfter(annotations, range.start.line); i < annotations.length && annotations[i].line <= range.end.line; i++) {
      const annotation = annotations[i];
      const hint = new vscode.InlayHint(new vscode.Position(annotation.line, annotation.character), annotation.label);
      hint.paddingLeft = true;
      hint.tooltip = annotation.kind === 'enum' ? 'The enum name of this value (the JSON holds the value)' : 'This unix time, in UTC';
      hints.push(hint);
    }
    return hints;
  }

  provideHover(textDocument: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const document = this.drawn(textDocument);
    const found = document?.descriptions.find(
      (description) => description.line === position.line && description.start <= position.character && position.character < description.end,
    );
    if (!found) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(found.markdown), new vscode.Range(found.line, found.start, found.line, found.end));
  }

  provideFoldingRanges(textDocument: vscode.TextDocument): vscode.FoldingRange[] {
    const document = this.drawn(textDocument);
    return (document?.sections ?? [])
      .filter((section) => section.endLine > section.line)
      .map((section) => new vscode.FoldingRange(section.line, section.endLine, vscode.FoldingRangeKind.Region));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
