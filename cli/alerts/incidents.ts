// `ziem alerts --incidents [--follow] [--json]`: the INCIDENTS topic (ksql/V000015). Without
// --follow: every incident as it stands now, oldest first, with its state (open until its quiet
// period passes); with it, each update of an incident as it grows, until Ctrl-C.
import type { Context } from '../context.js';
import { currentIncidents, decodeIncident, formatIncident, type Incident } from './incident-record.js';
import { readTopicToEnd } from './topic-read.js';
import { openTopicFeed, stopped, type AlertsOptions } from './alerts.js';

export const INCIDENTS_TOPIC = 'INCIDENTS';

const print = (ctx: Context, i: Incident): void => {
  ctx.stdout.write(`${ctx.json ? JSON.stringify(i) : formatIncident(i)}\n`);
};

export async function runIncidents(ctx: Context, o: AlertsOptions): Promise<void> {
  const bootstrap = ctx.config.kafka.bootstrap;
  if (!o.follow) {
    const now = ctx.clock.now();
    const updates = (await readTopicToEnd(bootstrap, INCIDENTS_TOPIC))
      .map((v) => decodeIncident(v, now))
      .filter((i): i is Incident => i !== undefined);
    const incidents = currentIncidents(updates);
    for (const i of incidents) print(ctx, i);
    ctx.log.info(
      `alerts: ${incidents.length} incident(s) in ${INCIDENTS_TOPIC}, ${incidents.filter((i) => i.state === 'open').length} open`,
    );
    return;
  }
  const feed = openTopicFeed(bootstrap, INCIDENTS_TOPIC, (value) => {
    const i = decodeIncident(value, ctx.clock.now());
    if (i) print(ctx, i);
  });
  try {
    await feed.ready;
    ctx.log.info(`alerts: following ${INCIDENTS_TOPIC} at ${bootstrap}; Ctrl-C stops`);
    await stopped(o);
  } finally {
    await feed.close();
  }
}
