// The compose target's destroy: `compose down` of the project (containers and networks), with
// --purge also its volumes (Kafka's and Neo4j's data), the rendered project, the Neo4j password
// the volume was created with, the sandbox's client key and, unless kept, the trained model.
// Idempotent: with nothing of the project running it stops nothing and says so.
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from '../../context.js';
import { modelsDir } from '../../model/model-service.js';
import { clientKeyPath } from '../../sandbox/services.js';
import { sandboxDir } from '../../sandbox/state.js';
import { neo4jPasswordFile } from '../../stack/layout.js';
import type { DestroyOptions, DestroyResult } from '../target.js';
import { runCompose } from './compose-cli.js';
import { containers, openProject } from './compose-live.js';
import { composeDir, composeFile } from './compose-project.js';

export async function destroyCompose(ctx: Context, o: DestroyOptions = {}): Promise<DestroyResult> {
  const p = await openProject(ctx);
  const stateDir = ctx.config.stateDir;
  const running = (await containers(ctx, p)).map((c) => c.service);
  if (existsSync(composeFile(stateDir))) {
    ctx.log.info(`destroy: docker compose down${o.purge ? ' (with the volumes)' : ''}`);
    await runCompose(
      p,
      ['down', '--remove-orphans', ...(o.purge ? ['-v'] : [])],
      ctx.env,
      ctx.config.stack.stopTimeoutMs + 120_000,
    );
  }
  if (o.purge) {
    rmSync(composeDir(stateDir), { recursive: true, force: true });
    rmSync(neo4jPasswordFile(stateDir), { force: true });
    rmSync(dirname(clientKeyPath(sandboxDir(stateDir))), { recursive: true, force: true });
    if (!o.keepModel) rmSync(modelsDir(stateDir), { recursive: true, force: true });
  }
  return { stopped: running, purged: o.purge ?? false };
}
