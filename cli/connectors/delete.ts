// `ziem connectors delete <name>`: removes the connector and waits until Connect no longer lists it;
// warns when a connector file still describes it (the next apply would create it again).
// An unknown name is an error that says so, never a silent success.
import { existsSync } from 'node:fs';
import { emit, type Context } from '../context.js';
import { TimeoutError } from '../../core/errors/ziem-error.js';
import { callNamed, openSession, type ConnectSession, type ConnectorDeps } from './connect-session.js';
import { withSecretsRedacted } from './connector-errors.js';
import { loadConnectorFiles } from './connector-files.js';

/** DELETE returns once the leader wrote the tombstone; other readers may list it a moment longer. */
async function waitGone(ctx: Context, session: ConnectSession, name: string): Promise<void> {
  const deadline = ctx.clock.now() + session.timeoutMs;
  while ((await session.call((c) => c.connectors())).includes(name)) {
    if (ctx.clock.now() >= deadline)
      throw new TimeoutError(`connector ${name} was still listed ${session.timeoutMs} ms after its deletion`, {
        retriable: false,
      });
    await ctx.clock.sleep(session.pollMs);
  }
}

function fileDefining(ctx: Context, name: string): string | undefined {
  if (!existsSync(ctx.config.connectors.dir)) return undefined;
  try {
    return loadConnectorFiles(ctx.config.connectors.dir).find((f) => f.name === name)?.source;
  } catch {
    return undefined; // a broken file must not block a delete; apply reports it
  }
}

export async function runConnectorsDelete(
  ctx: Context,
  opts: { name: string },
  deps: ConnectorDeps = {},
): Promise<{ name: string; deleted: true }> {
  const session = openSession(ctx, deps);
  try {
    await callNamed(session, opts.name, (c) => c.delete(opts.name));
    await waitGone(ctx, session, opts.name);
  } catch (err) {
    throw withSecretsRedacted(err, ctx.secrets);
  }
  const file = fileDefining(ctx, opts.name);
  if (file) ctx.log.warn(`${file} still describes ${opts.name}: the next \`ziem connectors apply\` creates it again`);
  const result = { name: opts.name, deleted: true as const };
  emit(ctx, result, () => `deleted ${opts.name}`);
  return result;
}
