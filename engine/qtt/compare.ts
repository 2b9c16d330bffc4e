// Compares actual output records with QTT expectations: exact count per topic, a missing key
// expects null, timestamps and windows only when given, doubles within 1e-6, struct fields
// matching exactly or by upper-cased name (a missing one is null). compareCase is the one comparison both drivers use.
import type { Catalog, SourceDef } from '../plan/catalog.js';
import type { TopicRecord } from '../exec/topic-driver.js';
import type { QttCase, QttRecord } from './load-cases.js';
import { decodeRecord, type DecodedRecord } from './record-codec.js';
import { checkPost } from './post-conditions.js';
import { checkTopicSchemas } from './post-topic-schemas.js';
import type { SchemaRegistry } from '../exec/serde/schema-registry.js';
import { stringifyJson } from '../types/exact-json.js';

export function valuesMatch(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  // exact BIGINTs (types/long.ts) on either side: integers compare exactly
  if (typeof expected === 'bigint' || typeof actual === 'bigint') {
    if (typeof expected === 'string' || typeof actual === 'string') return String(expected).trim() === String(actual);
    if (typeof expected === 'bigint' && typeof actual === 'bigint') return expected === actual;
    // a bigint against a double (an AVG near 2^62): as doubles, within the usual tolerance
    if (typeof expected !== 'bigint' && typeof expected !== 'number') return false;
    if (typeof actual !== 'bigint' && typeof actual !== 'number') return false;
    const [e, a] = [Number(expected), Number(actual)];
    return Math.abs(e - a) <= 1e-6 * Math.max(1, Math.abs(e));
  }
  if (typeof expected === 'number') {
    if (typeof actual === 'number') return Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected));
    return typeof actual === 'string' && actual !== '' && Math.abs(Number(actual) - expected) <= 1e-6;
  }
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => valuesMatch(e, actual[i]))
    );
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const ek = Object.keys(e);
    if (ek.length !== Object.keys(a).length) return false;
    // as ksqlDB's ExpectedRecordComparator: same field count, each expected field looked up by its
    // name then upper-cased, and a field the record lacks reads as null
    return ek.every((k) => valuesMatch(e[k], a[k] ?? a[k.toUpperCase()]));
  }
  if (typeof expected === 'string' && typeof actual === 'number')
    return expected.trim() !== '' && Math.abs(Number(expected) - actual) <= 1e-6;
  return expected === actual;
}

export function recordMatches(e: QttRecord, a: DecodedRecord): string | undefined {
  if (!valuesMatch(e.key ?? null, a.key))
    return `key ${stringifyJson(a.key)} != expected ${stringifyJson(e.key ?? null)}`;
  if (!valuesMatch(e.value ?? null, a.value))
    return `value ${stringifyJson(a.value)} != expected ${stringifyJson(e.value ?? null)}`;
  if (e.timestamp !== undefined && e.timestamp !== a.timestamp)
    return `timestamp ${a.timestamp} != expected ${e.timestamp}`;
  if (e.window) {
    const w = a.window;
    if (!w || w.start !== e.window.start || w.end !== e.window.end || w.type !== e.window.type.toLowerCase()) {
      return `window ${stringifyJson(w)} != expected ${stringifyJson(e.window)}`;
    }
  }
  return undefined;
}

export function show(r: QttRecord | DecodedRecord): string {
  const w = r.window ? ` window=[${r.window.start},${r.window.end}) ${r.window.type}` : '';
  return `key=${stringifyJson(r.key ?? null)} value=${stringifyJson(r.value ?? null)}${r.timestamp !== undefined ? ` ts=${r.timestamp}` : ''}${w}`;
}

/** Differences between expected and actual records of one topic; empty when they match. */
export function diffTopic(topic: string, expected: QttRecord[], actual: DecodedRecord[]): string[] {
  const lines: string[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e && !a) lines.push(`${topic}[${i}]: missing  expected ${show(e)}`);
    else if (!e && a) lines.push(`${topic}[${i}]: extra    actual   ${show(a)}`);
    else if (e && a) {
      const why = recordMatches(e, a);
      if (why) lines.push(`${topic}[${i}]: ${why}\n    expected ${show(e)}\n    actual   ${show(a)}`);
    }
  }
  if (expected.length !== actual.length)
    lines.unshift(`${topic}: expected ${expected.length} records, got ${actual.length}`);
  return lines;
}

/** The source a topic's records are read as: the query's sink when one writes it, else the last declared. */
export function sinkFor(catalog: Catalog, topic: string): SourceDef | undefined {
  const all = catalog.all().filter((s) => s.topic === topic);
  return all.find((s) => s.writerQueryId) ?? all[all.length - 1];
}

/** The topics whose records compareCase reads. */
export const outputTopics = (c: QttCase): string[] => [...new Set(c.outputs.map((r) => r.topic))];

/**
 * A case's outputs and post-conditions against what ran: `read` gives an output topic's records (the
 * inputs of a topic that is also an output come first and are skipped), `topics` the topics that
 * exist, `registry` the schemas registered (post topics' schemas are checked against it). Empty
 * when everything matches.
 */
export function compareCase(
  c: QttCase,
  catalog: Catalog,
  read: (topic: string) => TopicRecord[],
  topics: string[],
  registry?: SchemaRegistry,
): string[] {
  const byTopic = new Map<string, QttRecord[]>();
  for (const r of c.outputs) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const inputs = new Map<string, number>();
  for (const r of c.inputs) inputs.set(r.topic, (inputs.get(r.topic) ?? 0) + 1);
  const lines: string[] = [];
  for (const [topic, expected] of byTopic) {
    const def = sinkFor(catalog, topic);
    const actual = read(topic)
      .slice(inputs.get(topic) ?? 0)
      .map((r) => decodeRecord(r, def, registry));
    lines.push(...diffTopic(topic, expected, actual));
  }
  const post = c.post?.topics?.topics ?? [];
  const schemas = registry ? checkTopicSchemas(post, registry) : [];
  return [...lines, ...checkPost(c, catalog, topics), ...schemas];
}
