// The context handed to every command's run(): output streams, a logger for progress on stderr,
// a clock, global flags and the loaded config. Tests build one with makeContext() and capture output.
import type { Config } from './config/config.js';
import { redact } from '../core/secret.js';
import { systemClock, type Clock } from '../core/clock.js';

export interface Writer {
  write(s: string): unknown;
}

export interface Logger {
  /** Progress for a person, on stderr. Suppressed by nothing: progress is always useful. */
  info(msg: string): void;
  /** Detail only with --verbose. */
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface Context {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly log: Logger;
  readonly clock: Clock;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Secrets to mask in anything printed (generated passwords are added as they are read). */
  readonly secrets: string[];
}

export function makeContext(o: {
  config: Config;
  stdout?: Writer;
  stderr?: Writer;
  json?: boolean;
  verbose?: boolean;
  clock?: Clock;
  env?: Readonly<Record<string, string | undefined>>;
}): Context {
  const stderr = o.stderr ?? process.stderr;
  const secrets: string[] = [];
  for (const s of [
    o.config.neo4j.password,
    o.config.ksql.password,
    o.config.kafka.password,
    o.config.ksql.serverKeyPassword,
  ])
    if (s) secrets.push(s.reveal());
  const line = (prefix: string, msg: string): void => void stderr.write(`${prefix}${redact(msg, secrets)}\n`);
  const verbose = o.verbose ?? false;
  return {
    stdout: o.stdout ?? process.stdout,
    stderr,
    log: {
      info: (m) => line('', m),
      debug: (m) => (verbose ? line('debug: ', m) : undefined),
      warn: (m) => line('warning: ', m),
    },
    clock: o.clock ?? systemClock,
    json: o.json ?? false,
    verbose,
    config: o.config,
    env: o.env ?? {},
    secrets,
  };
}

/** Writes data to stdout: a JSON document with --json, else the human text. */
export function emit(ctx: Context, data: unknown, human: () => string): void {
  const text = ctx.json ? JSON.stringify(data) : human();
  ctx.stdout.write(redact(text, ctx.secrets) + (text.endsWith('\n') ? '' : '\n'));
}
