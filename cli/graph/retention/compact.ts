// `ziem graph compact`: folds FlowWindow nodes older than graph.windowRetentionMs (or --older-than)
// into their TALKS_TO totals and deletes them, graph.compactBatchSize windows per transaction
// (retention-cypher.ts says why a batch is exactly-once). Idempotent: a second run with the same
// cutoff finds nothing; a run killed mid-way leaves only whole batches done, and the next one goes on.
// The cutoff is wall-clock time minus the retention; window times are the packets' own times.
import neo4j, { type Driver } from 'neo4j-driver';
import { emit, type Context } from '../../context.js';
import { openDriver } from '../../clients/neo4j-client.js';
import { readNeo4jPassword } from '../../stack/neo4j-password.js';
import { InternalError, StackError } from '../../../core/errors/ziem-error.js';
import { CLAIM, FOLD, PENDING, SIZE } from './retention-cypher.js';

export interface CompactOptions {
  /** Overrides graph.windowRetentionMs. */
  olderThanMs?: number | undefined;
  dryRun: boolean;
}

export interface GraphSize {
  nodes: number;
  relationships: number;
  flowWindows: number;
  hosts: number;
  talksTo: number;
}

export interface CompactResult {
  dryRun: boolean;
  retentionMs: number;
  /** Windows that ended at or before this time (epoch ms) are folded. */
  cutoff: number;
  batchSize: number;
  /** For a dry run: what would be folded. */
  pending: { windows: number; pairs: number; oldestWindowEnd: number | null };
  windowsFolded: number;
  batches: number;
  before: GraphSize;
  after: GraphSize;
  durationMs: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export async function graphSize(driver: Driver): Promise<GraphSize> {
  const r = (await driver.executeQuery(SIZE, {}, { routing: neo4j.routing.READ })).records[0]!;
  return {
    nodes: num(r.get('nodes')),
    relationships: num(r.get('relationships')),
    flowWindows: num(r.get('flowWindows')),
    hosts: num(r.get('hosts')),
    talksTo: num(r.get('talksTo')),
  };
}

/** One batch in one transaction (retried whole on transient errors such as a deadlock with the sink). */
async function foldBatch(driver: Driver, cutoff: number, limit: number): Promise<number> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(async (tx) => {
      const claims = (await tx.run(CLAIM, { cutoff: neo4j.int(cutoff), limit: neo4j.int(limit) })).records.map((r) => ({
        w: String(r.get('w')),
        t: String(r.get('t')),
      }));
      if (claims.length === 0) return 0;
      const folded = num((await tx.run(FOLD, { claims })).records[0]?.get('windows'));
      if (folded !== claims.length)
        throw new InternalError(`graph compact: claimed ${claims.length} windows but folded ${folded}`);
      return folded;
    });
  } finally {
    await session.close();
  }
}

export async function compactGraph(driver: Driver, ctx: Context, o: CompactOptions): Promise<CompactResult> {
  const started = ctx.clock.now();
  const retentionMs = o.olderThanMs ?? ctx.config.graph.windowRetentionMs;
  const batchSize = ctx.config.graph.compactBatchSize;
  const cutoff = started - retentionMs;
  const before = await graphSize(driver);
  const p = (await driver.executeQuery(PENDING, { cutoff: neo4j.int(cutoff) }, { routing: neo4j.routing.READ }))
    .records[0]!;
  const pending = {
    windows: num(p.get('windows')),
    pairs: num(p.get('pairs')),
    oldestWindowEnd: p.get('oldest') === null ? null : num(p.get('oldest')),
  };
  ctx.log.info(
    `graph compact: ${pending.windows} FlowWindow nodes of ${pending.pairs} pairs ended before ${new Date(cutoff).toISOString()} (retention ${retentionMs} ms)${o.dryRun ? '; dry run, nothing changes' : ''}`,
  );
  let windowsFolded = 0;
  let batches = 0;
  if (!o.dryRun) {
    for (;;) {
      const n = await foldBatch(driver, cutoff, batchSize);
      if (n === 0) break;
      windowsFolded += n;
      batches++;
      ctx.log.info(`graph compact: batch ${batches}: folded ${n} (${windowsFolded} of ${pending.windows})`);
    }
  }
  const after = o.dryRun ? before : await graphSize(driver);
  return {
    dryRun: o.dryRun,
    retentionMs,
    cutoff,
    batchSize,
    pending,
    windowsFolded,
    batches,
    before,
    after,
    durationMs: ctx.clock.now() - started,
  };
}

const sizeText = (s: GraphSize): string =>
  `${s.nodes} nodes (${s.flowWindows} FlowWindow, ${s.hosts} Host), ${s.relationships} relationships (${s.talksTo} TALKS_TO)`;

export async function run(ctx: Context, o: CompactOptions): Promise<CompactResult> {
  const pw = readNeo4jPassword(ctx.config);
  if (!pw)
    throw new StackError('NEO4J_PASSWORD', 'no Neo4j password found', {
      hint: 'set ZIEM_NEO4J_PASSWORD, or run `ziem stack up` with this stateDir first',
    });
  const driver = openDriver(ctx.config.neo4j.url, ctx.config.neo4j.user, pw);
  try {
    const r = await compactGraph(driver, ctx, o);
    emit(ctx, r, () =>
      [
        r.dryRun
          ? `would fold ${r.pending.windows} FlowWindow nodes of ${r.pending.pairs} pairs into TALKS_TO`
          : `folded ${r.windowsFolded} FlowWindow nodes into TALKS_TO in ${r.batches} batches (${r.durationMs} ms)`,
        `before: ${sizeText(r.before)}`,
        ...(r.dryRun ? [] : [`after:  ${sizeText(r.after)}`]),
      ].join('\n'),
    );
    return r;
  } finally {
    await driver.close();
  }
}
