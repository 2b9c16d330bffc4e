// The Kafka records of the ASSETS and KNOWN_BAD_HOSTS tables (ksql/V000019, V000021): key the
// address as a plain string (KEY_FORMAT KAFKA), value the JSON of the table's value columns under
// their upper-case names. Shared by the import commands (to Kafka) and analyze (to its in-memory
// topics), so both feed the tables the same bytes. Pure.
import type { Asset } from './asset-file.js';
import type { IntelEntry } from './intel-file.js';

/** The topics' defaults, as the migrations' `assets_topic` and `intel_topic` DEFINEs. */
export const ASSETS_TOPIC = 'ziem-assets';
export const INTEL_TOPIC = 'ziem-intel';

export interface KeyedRecord {
  readonly key: string;
  readonly value: string;
}

export function assetRecord(a: Asset): KeyedRecord {
  return { key: a.ip, value: JSON.stringify({ NAME: a.name, OWNER: a.owner, CRITICALITY: a.criticality }) };
}

export function intelRecord(e: IntelEntry): KeyedRecord {
  return { key: e.ip, value: JSON.stringify({ INTEL_SOURCE: e.source, DESCRIPTION: e.description }) };
}
