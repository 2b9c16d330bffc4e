// `ziem ui [--port 8080] [--host 127.0.0.1] [--open]`: serves the live network map until Ctrl-C.
// Neo4j's password is read here (env or the stack's 0600 file) and used only by the server's
// driver; a bind beyond loopback generates or reuses the map's token (ui-token.ts), never printed.
import { spawn } from 'node:child_process';
import type { Context } from '../context.js';
import { FETCH_ALL, openDriver } from '../clients/neo4j-client.js';
import { readNeo4jPassword } from '../stack/neo4j-password.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { stopped } from '../alerts/alerts.js';
import { findAssetsDir, loadAssets } from './assets.js';
import { openLiveFeed } from './live-feed.js';
import { parseCidrs } from './map-query.js';
import { startUiServer, type UiServer } from './server.js';
import { ensureUiToken, isLoopback, uiTokenFile } from './ui-token.js';

export interface UiOptions {
  port?: number;
  host?: string;
  open?: boolean;
  /** Stops the server (tests, deploy); otherwise SIGINT/SIGTERM do. */
  signal?: AbortSignal;
  /** Called once listening (tests read the URL). */
  onListening?: (s: UiServer) => void;
}

export async function run(ctx: Context, o: UiOptions): Promise<void> {
  const host = o.host ?? ctx.config.bindHost;
  const port = o.port ?? ctx.config.ui.port;
  const cidrs = parseCidrs(ctx.config.ui.internalCidrs);
  const assets = loadAssets(findAssetsDir());
  const pw = readNeo4jPassword(ctx.config);
  if (!pw)
    throw new StackError(
      'NEO4J_PASSWORD',
      `no Neo4j password in ZIEM_NEO4J_PASSWORD or under ${ctx.config.stateDir}/secrets`,
      {
        hint: 'run `ziem deploy` (or `ziem stack up`) first',
      },
    );
  if (!ctx.secrets.includes(pw.reveal())) ctx.secrets.push(pw.reveal());
  // ZIEM_UI_TOKEN (the compose container's, from its .env) wins: the container binds 0.0.0.0 and
  // the file under its own state directory would be a token nobody can read
  const token = ctx.config.ui.token ?? (isLoopback(host) ? undefined : ensureUiToken(ctx.config.stateDir));
  if (token && !ctx.secrets.includes(token.reveal())) ctx.secrets.push(token.reveal());
  // the map's reads collect every record anyway (executeQuery is eager): one round trip for all of
  // them instead of one per 1,000 (/api/graph at 60,000 edges: ~400 → ~280 ms for its edge statement)
  const driver = openDriver(ctx.config.neo4j.url, ctx.config.neo4j.user, pw, { fetchSize: FETCH_ALL });
  const feed = openLiveFeed(
    ctx.config.kafka.bootstrap,
    () => ctx.clock.now(),
    (err) => ctx.log.warn(`ui: live feed: ${(err as Error).message} (retrying)`),
  );
  let server: UiServer | undefined;
  try {
    server = await startUiServer({
      host,
      port,
      token,
      driver,
      feed,
      cidrs,
      assets,
      onError: (m) => ctx.log.warn(m),
    });
    ctx.log.info(`ui: the network map is at ${server.url}`);
    if (token) {
      const from = ctx.config.ui.token
        ? "ZIEM_UI_TOKEN's value"
        : `the contents of ${uiTokenFile(ctx.config.stateDir)}`;
      ctx.log.info(`ui: every request needs the token: open ${server.url}?token=… with ${from}`);
    }
    if (o.open) openBrowser(ctx, server.url);
    o.onListening?.(server);
    await stopped(o);
  } finally {
    await server?.close();
    await feed.close();
    await driver.close();
  }
}

/** xdg-open (or open on macOS) on the URL, without the token: the page asks for it when needed. */
function openBrowser(ctx: Context, url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => ctx.log.warn(`ui: could not run ${cmd}; open ${url} yourself`));
  child.unref();
}
