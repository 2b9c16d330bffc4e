// The local target's destroy: undoes what deploy did, in reverse: capture agent, sandbox, network map, model server, the stack
// (whose first component to stop is the engine server). Idempotent: with nothing running it reports
// that and exits 0. `--purge` also deletes the stack's data and secrets, the trained model and the
// servers' logs.
import { rmSync } from 'node:fs';
import type { Context } from '../../context.js';
import type { DestroyOptions, DestroyResult } from '../target.js';
import { stopStack } from '../../stack/down.js';
import { runStop as captureStop } from '../../sandbox/capture.js';
import { runDown as sandboxDown } from '../../sandbox/sandbox.js';
import { readState } from '../../sandbox/state.js';
import { captureRunning } from './live-state.js';
import { stepContext } from '../../step-context.js';
import { modelsDir, serviceLog, stopService } from '../../model/model-service.js';

export async function destroy(ctx: Context, o: DestroyOptions = {}): Promise<DestroyResult> {
  const stopped: string[] = [];
  const quiet = stepContext(ctx, { silent: true });
  if (captureRunning(ctx)) {
    ctx.log.info('destroy: stopping the capture agent');
    await captureStop(quiet);
    stopped.push('capture');
  }
  if (readState(ctx.config.stateDir)) {
    ctx.log.info('destroy: removing the sandbox');
    await sandboxDown(quiet);
    stopped.push('sandbox');
  }
  const uiPid = await stopService(ctx.config, 'ui', ctx.clock);
  if (uiPid !== undefined) {
    ctx.log.info(`destroy: stopped the network map (pid ${uiPid})`);
    stopped.push('ui');
  }
  const modelPid = await stopService(ctx.config, 'model', ctx.clock);
  if (modelPid !== undefined) {
    ctx.log.info(`destroy: stopped the model server (pid ${modelPid})`);
    stopped.push('model');
  }
  const stack = await stopStack(ctx, { purge: o.purge ?? false });
  stopped.push(...stack.stopped.map((s) => s.name));
  if (o.purge) {
    if (!o.keepModel) rmSync(modelsDir(ctx.config.stateDir), { recursive: true, force: true });
    rmSync(serviceLog(ctx.config.stateDir, 'model'), { force: true });
    rmSync(serviceLog(ctx.config.stateDir, 'ui'), { force: true });
  }
  return { stopped, purged: o.purge ?? false };
}
