// `ziem stack logs <component> [-f] [-n N]`: the last N lines of a component's log file on stdout,
// then, with --follow, whatever is appended until the signal aborts (Ctrl-C).
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Context } from '../context.js';
import { StackError, UsageError } from '../../core/errors/ziem-error.js';
import { componentPaths } from './layout.js';
import { componentByName } from './registry.js';
import { tailFile } from './processes.js';

export interface LogsOptions {
  component: string;
  follow?: boolean;
  lines?: number;
  signal?: AbortSignal;
}

function readFrom(path: string, offset: number, size: number): string {
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

export async function run(ctx: Context, o: LogsOptions): Promise<void> {
  const c = componentByName(o.component);
  const lines = o.lines ?? 100;
  if (!Number.isInteger(lines) || lines < 1) throw new UsageError(`--lines must be a positive integer, got ${o.lines}`);
  const path = componentPaths(ctx.config.stateDir, c.name).log;
  if (!existsSync(path) && !o.follow) {
    throw new StackError('NO_LOG', `no log for ${c.name} at ${path}`, {
      hint: 'it has not been started with this state directory; run `ziem stack up`',
    });
  }
  let offset = existsSync(path) ? statSync(path).size : 0;
  if (existsSync(path)) ctx.stdout.write(tailFile(path, lines) + '\n');
  while (o.follow && !o.signal?.aborted) {
    await ctx.clock.sleep(500);
    if (!existsSync(path)) continue;
    const size = statSync(path).size;
    if (size < offset) offset = 0; // truncated or replaced (down --purge, then up)
    if (size > offset) {
      ctx.stdout.write(readFrom(path, offset, size));
      offset = size;
    }
  }
}
