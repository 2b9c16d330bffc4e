// `ziem destroy [--target T] [--purge]`: the target undoes its deployment. Idempotent: with nothing
// running it says so and exits 0.
import { emit, type Context } from '../context.js';
import { targetFor } from './index.js';
import type { DestroyOptions, DestroyResult } from './target.js';

export async function destroy(ctx: Context, o: DestroyOptions & { target?: string } = {}): Promise<DestroyResult> {
  return targetFor(ctx, o.target).destroy(ctx, o);
}

export async function run(ctx: Context, o: DestroyOptions & { target?: string }): Promise<void> {
  const r = await destroy(ctx, o);
  if (r.stopped.length === 0) ctx.log.info('destroy: nothing to do (nothing of this deployment was running)');
  emit(ctx, r, () =>
    r.stopped.length === 0
      ? 'nothing was running'
      : `stopped: ${r.stopped.join(', ')}${r.purged ? '; data purged' : ''}`,
  );
}
