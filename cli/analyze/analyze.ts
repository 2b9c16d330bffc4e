// `ziem analyze <capture>...`: each capture through the ksql/ pipeline on the embedded engine in
// memory (no stack, no root), as `zeek -r` does for Zeek. Prints the alerts (and incidents, when
// the pipeline has an INCIDENTS table) and a summary per capture; with --expect, compares the
// alerts with a labels file and fails naming each missed or unexpected detection.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ZiemError, UsageError } from '../../core/errors/ziem-error.js';
import type { Context } from '../context.js';
import { decodeAlert, formatAlert, type Alert } from '../alerts/alert-record.js';
import { ALERTS_TOPIC } from '../alerts/alerts.js';
import { currentIncidents, decodeIncident, formatIncident, type Incident } from '../alerts/incident-record.js';
import { pipelineDefines } from '../targets/platform-steps.js';
import type { CaptureInfo } from '../sandbox/capture-check.js';
import { loadAnalyzePipeline, type AnalyzePipeline } from './analyze-pipeline.js';
import { openCapture } from './capture-feed.js';
import { checkExpectations, type ExpectProblem } from './expect-check.js';
import { labelsFor, parseLabels, type ExpectedDetection } from './labels-file.js';
import { loadInProcessModel, type InProcessModel } from './model-invoker.js';
import { TrafficSummary, type TrafficCounts } from './traffic-summary.js';
import { endOfCapturePacket } from './end-of-capture.js';
import {
  ENRICHED_ALERTS,
  feedReferenceTables,
  incidentsWithAssets,
  withAssets,
  type ReferenceRecords,
} from './reference-tables.js';
import { readInventory } from '../inventory/import.js';
import { TextRecord } from '../../engine/exec/text-record.js';

export interface AnalyzeOptions {
  captures: readonly string[];
  defines?: Readonly<Record<string, string>>;
  model?: string;
  /** A trained classifier directory (`model train --supervised`): ATTACK_CLASS for the model's windows. */
  classifier?: string;
  expect?: string;
  /** An asset inventory CSV (`ziem assets import`'s format) for the ASSETS table. */
  assets?: string;
  /** A known-bad address list (`ziem intel import`'s format) for the KNOWN_BAD_HOSTS table. */
  intel?: string;
}

export interface CaptureReport extends TrafficCounts {
  capture: string;
  format: CaptureInfo['format'];
  alerts: Alert[];
  alertsByKind: Record<string, number>;
  /** The incidents at the end of the capture, as `ziem alerts --incidents` reads them. */
  incidents: Incident[];
  /** Records the engine's processing log holds for this capture (bad or late records). */
  processingLog: number;
  /** The first processing-log reason, so a count is never unexplained. */
  processingLogExample: string | undefined;
  seconds: number;
}

const INCIDENTS = 'INCIDENTS';
/** Settle the engine's asynchronous (model) work this often, so queued records stay bounded. */
const SETTLE_EVERY = 2_000;

/** --expect found detections that differ from the labels. */
export class ExpectationError extends ZiemError {
  constructor(problems: readonly ExpectProblem[]) {
    super(
      'ANALYZE_EXPECT',
      `${problems.length} detection(s) differ from the labels:\n  ${problems.map((p) => `${p.capture}: ${p.text}`).join('\n  ')}`,
    );
  }
}

function readLabels(file: string): ExpectedDetection[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--expect ${file}: cannot read the labels file: ${(err as Error).message}`, { cause: err });
  }
  return parseLabels(text, file);
}

/**
 * The incidents as the table holds them when the capture ends (`end`: its last packet's time, so an
 * incident quiet since long before that is closed), decoded as `ziem alerts --incidents` does.
 */
function incidentsOf(p: AnalyzePipeline, end: number): Incident[] {
  const def = p.engine.catalog.get(INCIDENTS);
  if (!def) return [];
  const updates = p.driver
    .read(def.topic)
    .map((r) => decodeIncident(r.value, end))
    .filter((i): i is Incident => i !== undefined);
  return currentIncidents(updates);
}

/** The ksql/ folder this ziem ships: beside the package.json above this module (sources or dist/). */
function shippedKsql(): string | undefined {
  for (let d = import.meta.dirname; d !== dirname(d); d = dirname(d))
    if (existsSync(join(d, 'package.json'))) return existsSync(join(d, 'ksql')) ? join(d, 'ksql') : undefined;
  return undefined;
}

/** ksql.migrationsDir when it exists (a project's own pipeline), else the one ziem ships. */
function migrationsDir(ctx: Context): string {
  const own = ctx.config.ksql.migrationsDir;
  const shipped = shippedKsql();
  if (existsSync(own) || shipped === undefined) return own;
  ctx.log.info(`analyze: no ${own}; using the pipeline ziem ships (${shipped})`);
  return shipped;
}

async function analyzeOne(
  ctx: Context,
  capture: string,
  defines: Readonly<Record<string, string>>,
  model: InProcessModel | undefined,
  tables: ReferenceRecords,
): Promise<CaptureReport> {
  const started = performance.now();
  const topic = defines['capture_topic'] ?? ctx.config.capture.topic;
  // tshark starts up (about a third of a second) while the pipeline loads
  const source = await openCapture(capture);
  let p: AnalyzePipeline;
  try {
    p = loadAnalyzePipeline({
      migrationsDir: migrationsDir(ctx),
      captureTopic: topic,
      defines,
      // the incidents table's topic is named by its migration: keep any topic that says incident
      keep: (t) => t === ALERTS_TOPIC || t === ENRICHED_ALERTS || /incident/i.test(t),
      ...(model ? { model: { invoker: model.invoker } } : {}),
    });
    feedReferenceTables(p, tables);
  } catch (err) {
    source.close();
    throw err;
  }
  const summary = new TrafficSummary();
  let n = 0;
  let last: number | undefined;
  const info = await source.feed((line, ts) => {
    summary.add(line, ts);
    last = last === undefined ? ts : Math.max(last, ts);
    // the line as text: its readers parse it without its being encoded into bytes first
    p.driver.produce(topic, new TextRecord(null, line, ts));
    if (++n % 50_000 === 0) ctx.log.info(`analyze: ${capture}: ${n} packets`);
    return model && n % SETTLE_EVERY === 0 ? p.driver.settle() : undefined;
  });
  if (last !== undefined) {
    const end = endOfCapturePacket(last);
    p.driver.produce(topic, new TextRecord(null, end.line, end.timestampMs));
  }
  await p.driver.settle();
  const alerts = withAssets(
    p,
    p.driver
      .read(ALERTS_TOPIC)
      .map((r) => decodeAlert(r.value))
      .filter((a): a is Alert => a !== undefined),
  );
  const alertsByKind: Record<string, number> = {};
  for (const a of alerts) alertsByKind[a.kind] = (alertsByKind[a.kind] ?? 0) + 1;
  for (const q of p.engine.queries.values()) q.close();
  return {
    capture,
    format: info.format,
    ...summary.counts(),
    alerts,
    alertsByKind,
    incidents: incidentsWithAssets(p, incidentsOf(p, last ?? 0)),
    processingLog: p.engine.log.count,
    processingLogExample: p.engine.log.entries[0]
      ? `${p.engine.log.entries[0].queryId}: ${p.engine.log.entries[0].reason}`
      : undefined,
    seconds: (performance.now() - started) / 1000,
  };
}

function summaryLine(r: CaptureReport): string {
  const kinds = Object.entries(r.alertsByKind)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  // an ARP sweep raises its alert from a capture without IP traffic
  const nothing =
    r.alerts.length > 0
      ? `alerts: ${kinds}`
      : r.packets === 0
        ? 'nothing found: the capture holds no packets'
        : r.ipPackets === 0
          ? 'nothing found: the capture holds no IP traffic'
          : 'nothing found: no alerts';
  const bad = r.processingLog > 0 ? `, ${r.processingLog} record(s) in the processing log` : '';
  return `${r.capture}: ${r.packets} packets (${r.ipPackets} IP), ${r.hosts} hosts, ${r.flows} flows, ${r.alerts.length} alert(s), ${r.incidents.length} incident(s)${bad} in ${r.seconds.toFixed(1)} s — ${nothing}`;
}

function print(ctx: Context, r: CaptureReport): void {
  const out = (s: string): void => void ctx.stdout.write(`${s}\n`);
  if (ctx.json) {
    for (const a of r.alerts) out(JSON.stringify({ ...a, capture: r.capture }));
    for (const i of r.incidents) out(JSON.stringify({ incident: i, capture: r.capture }));
    const { alerts: _a, incidents: _i, ...rest } = r;
    out(JSON.stringify({ summary: { ...rest, alerts: r.alerts.length, incidents: r.incidents.length } }));
    return;
  }
  for (const i of r.incidents) out(`incident  ${formatIncident(i)}`);
  for (const a of r.alerts) out(formatAlert(a));
  out(summaryLine(r));
  if (r.processingLogExample) ctx.log.warn(`analyze: ${r.capture}: processing log, e.g. ${r.processingLogExample}`);
}

export async function runAnalyze(ctx: Context, o: AnalyzeOptions): Promise<CaptureReport[]> {
  if (o.captures.length === 0) throw new UsageError('give at least one capture file');
  const labels = o.expect !== undefined ? readLabels(o.expect) : undefined;
  if (labels)
    for (const c of o.captures)
      if (labelsFor(labels, c).length === 0)
        throw new UsageError(`--expect ${o.expect}: no label for ${c}`, {
          hint: 'add a line "<capture> none" for a capture that must raise nothing',
        });
  if (o.classifier !== undefined && o.model === undefined)
    throw new UsageError('--classifier needs --model: the classes are given to the windows the model scores');
  const tables: ReferenceRecords = {
    ...(o.assets !== undefined ? { assets: readInventory(ctx, 'assets', o.assets) } : {}),
    ...(o.intel !== undefined ? { intel: readInventory(ctx, 'intel', o.intel) } : {}),
  };
  const model = o.model !== undefined ? await loadInProcessModel(o.model, o.classifier) : undefined;
  const defines = {
    ...pipelineDefines(ctx),
    ...(model ? { anomaly_threshold: String(model.threshold) } : {}),
    ...(o.defines ?? {}),
  };
  const reports: CaptureReport[] = [];
  const problems: ExpectProblem[] = [];
  try {
    for (const c of o.captures) {
      ctx.log.info(`analyze: reading ${c}`);
      const r = await analyzeOne(ctx, c, defines, model, tables);
      print(ctx, r);
      reports.push(r);
      if (labels) problems.push(...checkExpectations(c, labelsFor(labels, c), r.alerts));
    }
  } finally {
    model?.dispose();
  }
  if (problems.length > 0) throw new ExpectationError(problems);
  if (labels) ctx.log.info(`analyze: every detection matches ${o.expect}`);
  return reports;
}
