import type { Code } from '../shared/errors.js';
import type { LocalAnswer } from './types.js';

/** A local answer that is a single line. */
export function lineAnswer(line: string, file = 'answer.txt'): LocalAnswer {
  return { text: { lines: [line], file, kind: 'list' } };
}

/** A refusal: one line with what is wrong and the command that fixes it. */
export function refuse(code: Code, message: string): LocalAnswer {
  return { refused: { code, message } };
}

/** `3 min 05 s` or `40 s`: how long ago `at` was. */
export function ago(now: number, at: number): string {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** The refusal of an instructors' command asked by someone else. */
export function instructorsOnly(name: string): LocalAnswer {
  return lineAnswer(`/${name} is for instructors (Administrator, Manage Server or an instructor role).`);
}
