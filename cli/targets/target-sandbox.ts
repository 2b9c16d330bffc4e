// `ziem attack-sim --target T` and `ziem smoke --target T`: the chosen target's sandbox (its hosts
// and runner) with a context at its endpoints, or the netns sandbox (undefined) for the local target.
import type { Context } from '../context.js';
import type { TargetSandbox } from '../sandbox/host-runner.js';
import { targetFor } from './index.js';
import { atEndpoints } from './platform-steps.js';

export async function sandboxOf(
  ctx: Context,
  name: string | undefined,
): Promise<{ ctx: Context; sandbox: TargetSandbox | undefined }> {
  const t = targetFor(ctx, name);
  const at = atEndpoints(ctx, t.endpoints(ctx));
  return { ctx: at, sandbox: t.sandbox ? await t.sandbox(at) : undefined };
}
