/**
 * Completion: classifies the cursor into a context, asks that context's item function for items,
 * and gives every item one edit over the context's range (converted to a document range only here).
 */

import { Range, TextEdit, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';
import type { KalturaSchema } from '../schema/schemaIndex';
import { classifyCursor, type CompletionContext } from './completionContext';
import { actionItems, commonParamItems, keyItems, serviceItems, type DraftItem } from './completionItems';
import { filePathItems, tokenItems, valueItems } from './completionValueItems';
import { variableItems } from './completionVariableItems';
import { directiveItems, expectedItems, operatorItems, outcomePathItems } from './completionFlowItems';

function draftItems(params: LanguageServiceParams, documentUri: string, doc: KreqDocument, ctx: CompletionContext): DraftItem[] {
  const schema: KalturaSchema | undefined = params.schema.kind === 'loaded' ? params.schema.schema : undefined;
  switch (ctx.kind) {
    case 'none':
      return [];
    case 'variable':
      return variableItems(params, documentUri, doc, ctx);
    case 'token':
      return tokenItems(schema, ctx);
    case 'filePath':
      return filePathItems(params, schema, documentUri, ctx);
    case 'outcomePath':
      return outcomePathItems(schema, ctx);
    case 'assertionOperator':
      return operatorItems(schema, ctx);
    case 'assertionExpected':
      return expectedItems(schema, ctx);
    case 'directive':
      return directiveItems(ctx);
  }
  if (!schema) return [];
  switch (ctx.kind) {
    case 'service':
      return ctx.reservedKeysToo ? [...serviceItems(schema, ctx, '3'), ...commonParamItems(schema, ctx.scope)] : serviceItems(schema, ctx, '3');
    case 'action':
      return actionItems(schema, ctx);
    case 'key':
      return ctx.servicesToo ? [...keyItems(schema, ctx), ...serviceItems(schema, ctx, '3')] : keyItems(schema, ctx);
    case 'value':
      return valueItems(schema, ctx, doc.text.slice(ctx.range.start, ctx.range.end));
  }
}

export function doComplete(params: LanguageServiceParams, document: TextDocument, position: Position, doc: KreqDocument): CompletionList {
  const ctx = classifyCursor(doc, document.offsetAt(position));
  if (ctx.kind === 'none') return { isIncomplete: false, items: [] };
  const drafts = draftItems(params, document.uri, doc, ctx);
  const range = Range.create(document.positionAt(ctx.range.start), document.positionAt(ctx.range.end));
  const items = drafts.map(
    ({ newText, ...rest }): CompletionItem => ({
      ...rest,
      // The client filters on the label unless told otherwise; say so where the inserted text differs.
      filterText: rest.filterText ?? (newText !== rest.label ? rest.label : undefined),
      textEdit: TextEdit.replace(range, newText),
    }),
  );
  // A value list is asked again at each keystroke: an enum const keeps its name once it is typed in full.
  return { isIncomplete: ctx.kind === 'value' && items.length > 0, items };
}
