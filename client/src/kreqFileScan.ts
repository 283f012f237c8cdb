import { oneBased } from '../../server/src/protocol';
/**
 * A small line scan of `.kreq` text for the Test Explorer (pure; the client does not parse `.kreq`): whether the
 * file has an assertion (`??`) and where its blocks with calls are, numbered as the server numbers blocks, each
 * with its `# @name`, title and lines.
 */

/** One block that holds a call. */
export interface ScannedBlock {
  /** 0-based, as `BlockReference.block`. */
  readonly index: number;
  /** `# @name` before its first call, when it has one. */
  readonly name?: string;
  /** The text after `###`, when it has one. */
  readonly title?: string;
  /** 0-based: its separator, else its first directive or call line. */
  readonly startLine: number;
  /** 0-based: its last non-blank line. */
  readonly endLine: number;
  /** 0-based line of its first call. */
  readonly callLine: number;
  /** Whether a `??` line is among its lines. */
  readonly hasAssertions: boolean;
}

export interface ScannedFile {
  readonly hasAssertions: boolean;
  readonly blocks: readonly ScannedBlock[];
}

const CALL_LINE = /^[A-Za-z_][A-Za-z0-9_]*\.([A-Za-z_][A-Za-z0-9_]*)?$/;
const DIRECTIVE = /^(?:#|\/\/)\s*@([A-Za-z][A-Za-z0-9_-]*)(.*)$/;
/** The blanks the server trims (space, tab, BOM, CR). */
const BLANKS = /^[ \t\ufeff\r]+|[ \t\ufeff\r]+$/g;

interface Builder {
  readonly separatorLine?: number;
  readonly title?: string;
  name?: string;
  firstLine?: number;
  lastLine?: number;
  callLine?: number;
  commonParams: number;
  hasAssertions: boolean;
}

/** A parameter line as the server reads one: `key = value` whose key is not empty and has no blanks outside `{{…}}`. */
function isParamLine(text: string): boolean {
  const eq = text.indexOf('=');
  if (eq < 0) return false;
  const key = text.slice(0, eq).replace(BLANKS, '');
  return key !== '' && !/\s/.test(key.replace(/\{\{[^}]*\}\}/g, ''));
}

/** `block 3 (line 12)`: how a block without a name or title is called (1-based, as people count). */
export function blockLabel(block: ScannedBlock): string {
  return block.name ?? block.title ?? `block ${oneBased(block.index)} (line ${oneBased(block.startLine)})`;
}

export function scanKreq(text: string): ScannedFile {
  const builders: Builder[] = [{ commonParams: 0, hasAssertions: false }];
  let hasAssertions = false;
  text.split('\n').forEach((raw, line) => {
    const t = raw.replace(BLANKS, '');
    if (t === '') return;
    let block = builders[builders.length - 1];
    if (t.startsWith('###')) {
      const title = t.slice(3).replace(BLANKS, '');
      block = { separatorLine: line, ...(title ? { title } : {}), firstLine: line, lastLine: line, commonParams: 0, hasAssertions: false };
      builders.push(block);
      return;
    }
    block.lastLine = line;
    if (t.startsWith('#') || t.startsWith('//')) {
      const directive = DIRECTIVE.exec(t);
      if (directive && block.callLine === undefined) {
        block.firstLine ??= line;
        const argument = directive[2].replace(BLANKS, '');
        if (directive[1] === 'name' && argument !== '' && block.name === undefined) block.name = argument;
      }
      return;
    }
    if (t.startsWith('??')) {
      if (block.callLine !== undefined) {
        block.hasAssertions = true;
        hasAssertions = true;
      }
      return;
    }
    if (t.startsWith('>') || t.startsWith('@')) return;
    if (isParamLine(t)) {
      if (block.callLine === undefined) {
        block.commonParams++;
        block.firstLine ??= line;
      }
      return;
    }
    if (CALL_LINE.test(t) && block.callLine === undefined) {
      block.callLine = line;
      block.firstLine ??= line;
    }
  });
  // A first block that holds nothing (the file starts with `###`) is not a block.
  const first = builders[0];
  if (builders.length > 1 && first.callLine === undefined && first.commonParams === 0) builders.shift();
  const blocks: ScannedBlock[] = [];
  builders.forEach((b, index) => {
    if (b.callLine === undefined) return;
    const startLine = b.separatorLine ?? b.firstLine ?? b.callLine;
    blocks.push({
      index,
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.title !== undefined ? { title: b.title } : {}),
      startLine,
      endLine: Math.max(startLine, b.lastLine ?? startLine),
      callLine: b.callLine,
      hasAssertions: b.hasAssertions,
    });
  });
  return { hasAssertions, blocks };
}
