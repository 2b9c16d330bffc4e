// A secret value that never prints itself: toString, toJSON and util.inspect all give a mask.
// Only code that must send it (an HTTP Authorization header, a driver login) calls reveal().
import { inspect } from 'node:util';

export const REDACTED = '********';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Replaces every occurrence of each secret in a text (log lines, error messages, plans). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join(REDACTED);
  return out;
}
