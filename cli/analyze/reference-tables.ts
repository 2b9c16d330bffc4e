// The pipeline's reference tables in analyze: `--assets` and `--intel` records written to the
// ASSETS and KNOWN_BAD_HOSTS topics of the in-memory engine before the capture (the same bytes
// `ziem assets import` / `ziem intel import` write to Kafka), and the asset columns of
// ALERTS_ENRICHED (INCIDENTS_ENRICHED) attached to the alerts read from ALERTS (the incidents read
// from INCIDENTS), so which alerts and incidents there are stays exactly what those say.
import { UsageError } from '../../core/errors/ziem-error.js';
import {
  alertIdentity,
  assetColumns,
  assetsOf,
  decodeAlert,
  type Alert,
  type AlertAssets,
} from '../alerts/alert-record.js';
import type { Incident } from '../alerts/incident-record.js';
import type { KeyedRecord } from '../inventory/inventory-records.js';
import type { AnalyzePipeline } from './analyze-pipeline.js';

export const ENRICHED_ALERTS = 'ALERTS_ENRICHED';
const ENRICHED_INCIDENTS = 'INCIDENTS_ENRICHED';

export interface ReferenceRecords {
  readonly assets?: readonly KeyedRecord[];
  readonly intel?: readonly KeyedRecord[];
}

function write(p: AnalyzePipeline, table: string, flag: string, records: readonly KeyedRecord[]): void {
  const def = p.engine.catalog.get(table);
  if (!def)
    throw new UsageError(`${flag}: the pipeline has no ${table} table to read it`, {
      hint: 'ziem ships it in ksql/ (V000019, V000021); a project pipeline needs the same migration',
    });
  // time 0: the table holds the records before the capture's first packet, whatever its time
  for (const r of records)
    p.driver.produce(def.topic, {
      key: Buffer.from(r.key),
      value: Buffer.from(r.value),
      timestamp: 0,
      headers: [],
      partition: 0,
    });
}

export function feedReferenceTables(p: AnalyzePipeline, r: ReferenceRecords): void {
  if (r.assets) write(p, 'ASSETS', '--assets', r.assets);
  if (r.intel) write(p, 'KNOWN_BAD_HOSTS', '--intel', r.intel);
}

/** The alerts with the asset fields ALERTS_ENRICHED gives the same alert, when the pipeline has it. */
export function withAssets(p: AnalyzePipeline, alerts: readonly Alert[]): Alert[] {
  const def = p.engine.catalog.get(ENRICHED_ALERTS);
  if (!def) return [...alerts];
  const byId = new Map<string, Alert>();
  for (const rec of p.driver.read(def.topic)) {
    const a = decodeAlert(rec.value);
    if (a) byId.set(alertIdentity(a), a);
  }
  return alerts.map((a) => {
    const e = byId.get(alertIdentity(a));
    return e ? { ...a, ...assetsOf(e) } : a;
  });
}

/** The incidents with the asset columns of their latest INCIDENTS_ENRICHED update, when the pipeline has it. */
export function incidentsWithAssets(p: AnalyzePipeline, incidents: readonly Incident[]): Incident[] {
  const def = p.engine.catalog.get(ENRICHED_INCIDENTS);
  if (!def) return [...incidents];
  const byId = new Map<unknown, AlertAssets>();
  for (const rec of p.driver.read(def.topic)) {
    if (rec.value === null) continue;
    const row = JSON.parse(rec.value.toString('utf8')) as Record<string, unknown>;
    byId.set(row['INCIDENT_ID'], assetColumns(row));
  }
  return incidents.map((i) => ({ ...i, ...(byId.get(i.id) ?? {}) }));
}
