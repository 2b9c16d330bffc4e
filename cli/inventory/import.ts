// `ziem assets import <file.csv>` and `ziem intel import <file>`: read and check the whole file
// (nothing is written when any row is bad), make sure the table's compacted topic exists (one
// partition, as the pipeline's joins need), then write one keyed record per address. An address
// no longer in the file keeps its record: import adds and updates, it never deletes.
import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { ensureCompactedTopic, writeKeyed, type TopicState } from '../clients/kafka-compacted.js';
import { parseAssetFile } from './asset-file.js';
import { parseIntelFile } from './intel-file.js';
import { ASSETS_TOPIC, INTEL_TOPIC, assetRecord, intelRecord, type KeyedRecord } from './inventory-records.js';

export type ImportKind = 'assets' | 'intel';

export interface ImportOptions {
  readonly kind: ImportKind;
  readonly file: string;
  /** Default: the migrations' topic (ziem-assets, ziem-intel). */
  readonly topic?: string;
  /** Check the file and print what would be written; Kafka is not contacted. */
  readonly dryRun?: boolean;
}

export interface ImportResult {
  kind: ImportKind;
  file: string;
  topic: string;
  records: number;
  topicState: TopicState | 'not contacted (dry run)';
}

/** The file's records, checked whole; progress notes (ignored columns, duplicates) on stderr. */
export function readInventory(ctx: Context, kind: ImportKind, file: string): KeyedRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read the ${kind} file: ${(err as Error).message}`, { cause: err });
  }
  if (kind === 'assets') {
    const f = parseAssetFile(text, file);
    if (f.ignoredColumns.length > 0) ctx.log.info(`assets: ${file}: ignoring column(s) ${f.ignoredColumns.join(', ')}`);
    return f.assets.map(assetRecord);
  }
  const f = parseIntelFile(text, file);
  if (f.duplicates > 0) ctx.log.info(`intel: ${file}: ${f.duplicates} address(es) listed more than once, kept once`);
  return f.entries.map(intelRecord);
}

const noun = (k: ImportKind): string => (k === 'assets' ? 'asset(s)' : 'address(es)');

export async function runImport(ctx: Context, o: ImportOptions): Promise<ImportResult> {
  const records = readInventory(ctx, o.kind, o.file);
  const topic = o.topic ?? (o.kind === 'assets' ? ASSETS_TOPIC : INTEL_TOPIC);
  const target = { bootstrap: ctx.config.kafka.bootstrap, topic, partitions: 1 };
  let topicState: ImportResult['topicState'] = 'not contacted (dry run)';
  if (!o.dryRun) {
    ctx.log.info(`${o.kind}: ${o.file}: ${records.length} record(s) → ${topic} at ${target.bootstrap}`);
    topicState = await ensureCompactedTopic(target);
    if (topicState === 'created') ctx.log.info(`${o.kind}: created compacted topic ${topic} (1 partition)`);
    await writeKeyed(target, records);
  }
  const result: ImportResult = { kind: o.kind, file: o.file, topic, records: records.length, topicState };
  emit(ctx, result, () =>
    o.dryRun
      ? `${o.file}: ${records.length} ${noun(o.kind)} valid; dry run, nothing written to ${topic}`
      : `${o.file}: ${records.length} ${noun(o.kind)} written to ${topic}`,
  );
  return result;
}
