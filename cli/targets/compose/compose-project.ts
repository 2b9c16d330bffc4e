// The compose project ziem deploys: <stateDir>/compose/docker-compose.yml rendered from the Config
// (the repository by its absolute path), the .env beside it (mode 0600: NEO4J_PASSWORD, the same
// password the local target generates under <stateDir>/secrets, the map's ZIEM_UI_TOKEN, likewise
// <stateDir>/secrets/ui.token, and ZIEM_MODEL_TOKEN when set),
// the models directory the model server mounts and the sandbox's SSH client key.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Context } from '../../context.js';
import { modelsDir } from '../../model/model-service.js';
import { runTool } from '../../sandbox/run-tool.js';
import { clientKeyPath } from '../../sandbox/services.js';
import { sandboxDir } from '../../sandbox/state.js';
import { ensureNeo4jPassword } from '../../stack/neo4j-password.js';
import { ensureUiToken } from '../../ui/ui-token.js';
import { projectRoot } from '../../stack/layout.js';
import { UsageError } from '../../../core/errors/ziem-error.js';
import { renderCompose } from './compose-file.js';
import type { ComposeCli, ComposeProject } from './compose-cli.js';

export const composeDir = (stateDir: string): string => join(stateDir, 'compose');
export const composeFile = (stateDir: string): string => join(composeDir(stateDir), 'docker-compose.yml');

export function projectOf(ctx: Context, cli: ComposeCli): ComposeProject {
  return { cli, name: ctx.config.compose.project, file: composeFile(ctx.config.stateDir) };
}

/** The compose file this Config renders to (what `up` would run). */
export function renderedFor(ctx: Context): string {
  if (ctx.config.neo4j.user !== 'neo4j')
    throw new UsageError(
      `neo4j.user ${ctx.config.neo4j.user}: the neo4j image sets the password of the user neo4j only`,
      {
        hint: 'leave neo4j.user at neo4j for the compose target',
      },
    );
  const stateDir = ctx.config.stateDir;
  return renderCompose(ctx.config, {
    root: projectRoot(),
    models: modelsDir(stateDir),
    sandboxDir: sandboxDir(stateDir),
  });
}

/** Whether the file on disk is what this Config renders (a changed ziem.yaml means `up` again). */
export function renderedCurrent(ctx: Context): boolean {
  const f = composeFile(ctx.config.stateDir);
  return existsSync(f) && existsSync(join(dirname(f), '.env')) && readFileSync(f, 'utf8') === renderedFor(ctx);
}

function envFile(ctx: Context): string {
  const pw = ensureNeo4jPassword(ctx.config).reveal();
  if (!ctx.secrets.includes(pw)) ctx.secrets.push(pw);
  const token = ctx.config.modelServer.token?.reveal();
  // the map's container binds beyond its loopback, so it always needs a token: the one `ziem ui`
  // itself would use (ZIEM_UI_TOKEN, else <stateDir>/secrets/ui.token), for a person to read
  const ui = (ctx.config.ui.token ?? ensureUiToken(ctx.config.stateDir)).reveal();
  if (!ctx.secrets.includes(ui)) ctx.secrets.push(ui);
  return (
    [`NEO4J_PASSWORD=${pw}`, `ZIEM_UI_TOKEN=${ui}`, ...(token ? [`ZIEM_MODEL_TOKEN=${token}`] : [])].join('\n') + '\n'
  );
}

/** Writes the project (file, .env 0600, models dir, client key); returns the compose file's path. */
export async function writeProject(ctx: Context): Promise<string> {
  const stateDir = ctx.config.stateDir;
  const dir = composeDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, '.env'), envFile(ctx), { mode: 0o600 });
  chmodSync(join(dir, '.env'), 0o600);
  mkdirSync(modelsDir(stateDir), { recursive: true });
  const key = clientKeyPath(sandboxDir(stateDir));
  if (!existsSync(key)) {
    mkdirSync(dirname(key), { recursive: true, mode: 0o700 });
    await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ziem-sandbox-client', '-f', key]);
  }
  writeFileSync(composeFile(stateDir), renderedFor(ctx));
  return composeFile(stateDir);
}
