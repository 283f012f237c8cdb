/** The syntax tree of a `.kreq` document: plain values with document offsets, no semantics. */

/** A piece of the source text: `start` inclusive, `end` exclusive, both document offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A `{{name}}` reference inside a key or a value. */
export interface VariableRef extends Span {
  readonly kind: 'variable';
  /** The name as written (`pageSize`, `$timestamp`, `$env`). */
  readonly name: Span;
  /** For `{{$env NAME}}`: the `NAME` part. */
  readonly argument?: Span;
}

/** A `{N:result:seg…}` or `<N:result:seg…>` multirequest dependency token inside a value. */
export interface DependencyToken extends Span {
  readonly kind: 'token';
  readonly form: 'curly' | 'angle';
  /** The call number `N` as written; `value` is its integer value. */
  readonly callNumber: Span & { readonly value: number };
  /** The span of the word `result`. */
  readonly result: Span;
  /** Path segments after `result` (empty segments from a trailing `:` are dropped). */
  readonly segments: readonly Span[];
}

export type ValuePart = VariableRef | DependencyToken;

/** The value of a parameter or variable line: the trimmed text after `=`. */
export interface ValueNode extends Span {
  /** True when written as a JSON string literal. */
  readonly quoted: boolean;
  /** The value as it will be sent (quotes decoded), before variable and token substitution. */
  readonly content: string;
  /** Variables and tokens, in order, with document offsets (inside the quotes for a quoted value). */
  readonly parts: readonly ValuePart[];
  /** For an unquoted value starting with `@`: the file path after `@`. */
  readonly filePath?: Span;
}

/** A parameter key: `segment(:segment)*`. */
export interface KeyNode extends Span {
  readonly segments: readonly Span[];
  readonly variables: readonly VariableRef[];
}

interface LineBase extends Span {
  /** The offset just past this line's line break (equals `end` on the last line without one). */
  readonly fullEnd: number;
  /** Zero-based line number. */
  readonly line: number;
}

export interface BlankLine extends LineBase {
  readonly kind: 'blank';
}
export interface CommentLine extends LineBase {
  readonly kind: 'comment';
}
export interface SeparatorLine extends LineBase {
  readonly kind: 'separator';
  /** The title after `###`, if any. */
  readonly title?: Span;
}
export interface VariableLine extends LineBase {
  readonly kind: 'variable';
  readonly name: Span;
  readonly value: ValueNode;
}
export interface CallLine extends LineBase {
  readonly kind: 'call';
  readonly service: Span;
  /** Offset of the `.`. */
  readonly dot: number;
  /** Missing while the user is still typing (`media.`). */
  readonly action?: Span;
}
export interface ParamLine extends LineBase {
  readonly kind: 'param';
  readonly key: KeyNode;
  /** Offset of the `=`. */
  readonly equals: number;
  readonly value: ValueNode;
}
export interface ErrorLine extends LineBase {
  readonly kind: 'error';
}

/**
 * The path of a capture or an assertion subject (spec §10): `result` followed by `:`-segments as in a
 * dependency token, or `error:code` / `error:message`.
 */
export interface OutcomePath extends Span {
  /** `result` or `error` as written (any other word is a syntax error). */
  readonly root: Span & { readonly value: 'result' | 'error' };
  /** Segments after the root, as written (`objects`, `0`, `_all`, `id`; `code` after `error`). */
  readonly segments: readonly Span[];
}

/** `> name = path`: captures a value of the call's outcome for later blocks (spec §10.1). */
export interface CaptureLine extends LineBase {
  readonly kind: 'capture';
  readonly name: Span;
  readonly path: OutcomePath;
}

export const ASSERTION_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'startsWith', 'matches', 'exists', '!exists'] as const;
export type AssertionOperator = (typeof ASSERTION_OPERATORS)[number];

/** `?? subject operator expected`: checks the call's outcome (spec §10.2). */
export interface AssertionLine extends LineBase {
  readonly kind: 'assertion';
  readonly subject: OutcomePath;
  readonly operator: Span & { readonly value: AssertionOperator };
  /** Absent for `exists` / `!exists` (and when nothing follows the operator). Variables are scanned; tokens are not. */
  readonly expected?: ValueNode;
}

/** `# @word arguments` (or `// @word …`): a directive when it stands before its block's first call (spec §10.3). */
export interface DirectiveLine extends LineBase {
  readonly kind: 'directive';
  /** The word after `@`. */
  readonly name: Span;
  /** The trimmed rest of the line (empty span at the line end when there is none). */
  readonly argument: Span;
}

export type LineNode =
  | BlankLine
  | CommentLine
  | SeparatorLine
  | VariableLine
  | CallLine
  | ParamLine
  | CaptureLine
  | AssertionLine
  | DirectiveLine
  | ErrorLine;

/** One call of a block: its call line and the parameter lines under it. */
export interface CallNode {
  /** 1-based position of the call in its block: the number dependency tokens use. */
  readonly number: number;
  readonly line: CallLine;
  readonly params: readonly ParamLine[];
  /** `> name = path` lines under the call, in order. */
  readonly captures: readonly CaptureLine[];
  /** `?? subject op expected` lines under the call, in order. */
  readonly assertions: readonly AssertionLine[];
  readonly start: number;
  /** End of the call's last non-blank line. */
  readonly end: number;
}

/** What one "Send Request" sends: common parameters and calls. */
export interface BlockNode {
  /** 0-based index in the document. */
  readonly index: number;
  readonly separator?: SeparatorLine;
  /** `# @word` lines before the block's first call (later ones are plain comments). */
  readonly directives: readonly DirectiveLine[];
  readonly commonParams: readonly ParamLine[];
  readonly calls: readonly CallNode[];
  readonly start: number;
  /** End of the block's last non-blank line (or the separator's end). */
  readonly end: number;
}

export interface SyntaxError {
  readonly code: 'syntax';
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** The parse of a whole document. Lines tile the text: `lines[i].fullEnd === lines[i+1].start`. */
export interface KreqDocument {
  readonly text: string;
  readonly lines: readonly LineNode[];
  readonly blocks: readonly BlockNode[];
  readonly variables: readonly VariableLine[];
  readonly syntaxErrors: readonly SyntaxError[];
  /** Set when the document is past the analysis bounds (documentBounds.ts): then it has no lines, blocks or errors. */
  readonly oversize?: string;
}
