/** Evaluates a capture (`> name = path`) on a call's outcome: the text captured, or why the capture is cleared. */

import type { CaptureLine } from '../parser/kreqNodes';
import { scalarText, valueAtPath, type CallOutcome } from './outcomePath';

export type CaptureOutcome =
  | { readonly line: CaptureLine; readonly name: string; readonly captured: true; readonly value: string }
  | { readonly line: CaptureLine; readonly name: string; readonly captured: false; readonly reason: string };

export function evaluateCapture(line: CaptureLine, outcome: CallOutcome): CaptureOutcome {
  const name = line.name.text;
  const at = valueAtPath(outcome, line.path);
  if (!at.found) return { line, name, captured: false, reason: at.reason };
  if (at.value !== null && typeof at.value === 'object') {
    return { line, name, captured: false, reason: `\`${line.path.text}\` is ${Array.isArray(at.value) ? 'an array' : 'an object'}, not one value` };
  }
  return { line, name, captured: true, value: scalarText(at.value) };
}
