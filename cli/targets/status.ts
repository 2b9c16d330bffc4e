// `ziem status [--target T] [--json]`: each part of the deployment and whether it is healthy. Exits
// 1 when any part is not (like `systemctl status`), so scripts can gate on it.
import { emit, type Context } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { targetFor } from './index.js';
import type { TargetStatus } from './target.js';

export async function run(ctx: Context, o: { target?: string }): Promise<TargetStatus> {
  const s = await targetFor(ctx, o.target).status(ctx);
  emit(ctx, s, () =>
    [
      `target ${s.target}`,
      ...s.parts.map((p) => `  ${p.name.padEnd(10)} ${p.healthy ? 'healthy  ' : 'UNHEALTHY'} ${p.detail}`),
    ].join('\n'),
  );
  const bad = s.parts.filter((p) => !p.healthy).map((p) => p.name);
  if (bad.length > 0)
    throw new ZiemError('NOT_HEALTHY', `not healthy: ${bad.join(', ')}`, { hint: 'run `ziem deploy` to converge' });
  return s;
}
