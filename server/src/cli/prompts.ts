/** Answers the `# @prompt`s of a command-line run: on the terminal when there is one (secrets unechoed), else a usage error naming `--var`. */

import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import type { MissingPrompt } from '../engine/index';
import { UsageError } from './checkCommand';
import { oneBased } from '../protocol';

/** Asks one question on the terminal; resolves to the line typed. */
export type AskLine = (question: string, secret: boolean) => Promise<string>;

/** A value the run needs and cannot ask for: exit 2, with the message alone (no usage text). */
export class MissingInputError extends UsageError {}

/** The message of a prompt left unanswered in a run without a terminal. */
export function missingPromptMessage(prompt: MissingPrompt): string {
  const name = prompt.name;
  return `block ${oneBased(prompt.block.index)} needs a value for {{${name}}} (# @prompt ${name}): pass --var ${name}=VALUE`;
}

/** A prompt to answer, and the file it is in when the run has several (`examples/a.kreq: block 2 needs …`). */
export interface PromptToAnswer {
  readonly prompt: MissingPrompt;
  readonly file?: string;
}

/** Answers for every missing prompt (each name once), asked with `ask` (the terminal), in order; without `ask`, throws `MissingInputError`. */
export async function answerPrompts(missing: readonly PromptToAnswer[], ask: AskLine | undefined): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const { prompt, file } of missing) {
    if (answers.has(prompt.name)) continue;
    const where = file !== undefined ? `${file}: ` : '';
    if (!ask) throw new MissingInputError(where + missingPromptMessage(prompt));
    const about = prompt.description ? ` (${prompt.description})` : '';
    answers.set(prompt.name, await ask(`${where}{{${prompt.name}}}${about} for block ${oneBased(prompt.block.index)}: `, prompt.secret));
  }
  return answers;
}

/** An `AskLine` on a terminal: the question on `output`, the answer read from `input`, not echoed when secret. */
export function terminalAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): AskLine {
  return (question, secret) =>
    new Promise((resolve, reject) => {
      let muted = false;
      const echo = new Writable({
        write(chunk: Buffer | string, _encoding, callback) {
          if (!muted) output.write(chunk);
          callback();
        },
      });
      const rl = readline.createInterface({ input, output: echo, terminal: true });
      rl.once('SIGINT', () => {
        rl.close();
        output.write('\n');
        reject(new MissingInputError('cancelled at a prompt'));
      });
      rl.question(question, (answer) => {
        rl.close();
        if (secret) output.write('\n');
        resolve(answer);
      });
      muted = secret;
    });
}
