// The model jobs' environment (udf-bridge/model-server/job-env.ts) taken from a command's context.
import type { Context } from '../context.js';
import type { ModelJobEnv } from '../../udf-bridge/model-server/job-env.js';

export function modelJobEnv(ctx: Pick<Context, 'config' | 'log' | 'clock'>): ModelJobEnv {
  return { bootstrap: ctx.config.kafka.bootstrap, log: (m) => ctx.log.info(m), now: () => ctx.clock.now() };
}
