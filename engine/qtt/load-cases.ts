// Loads ksqlDB query-validation test files (JSONC): strips // comments outside strings,
// expands `format` and `config` lists into one case each, and skips disabled cases.
import { parseJsonExact } from '../types/exact-json.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PlanError } from '../errors.js';

export interface QttRecord {
  topic: string;
  key?: unknown;
  value?: unknown;
  timestamp?: number;
  window?: { start: number; end: number; type: string };
  headers?: Array<{ KEY: string; VALUE: string | null }>;
}

export interface QttCase {
  file: string;
  name: string;
  statements: string[];
  properties: Record<string, string>;
  inputs: QttRecord[];
  outputs: QttRecord[];
  expectedException?: { type?: string; message?: string };
  post?: {
    sources?: Array<Record<string, unknown>>;
    topics?: { blacklist?: string; topics?: Array<{ name: string; keySchema?: unknown; valueSchema?: unknown }> };
  };
  /** Set when the case needs something the engine does not have (internal topics' schemas). */
  unsupported?: string;
  topics?: QttTopic[];
  /** The case writes JSON_SR, AVRO or PROTOBUF records, so needs a Schema Registry. */
  schemaRegistry?: boolean;
}

/** A topic of the case's `topics` list, with the schemas ksqlDB's runner registers for it. */
export interface QttTopic {
  name: string;
  partitions?: number;
  numPartitions?: number;
  keySchema?: unknown;
  valueSchema?: unknown;
  keyFormat?: string;
  valueFormat?: string;
  keySchemaId?: number;
  valueSchemaId?: number;
  /** PROTOBUF: the files the schema imports (Schema Registry references), by import name. */
  keySchemaReferences?: QttSchemaReference[];
  valueSchemaReferences?: QttSchemaReference[];
}

export interface QttSchemaReference {
  name: string;
  format?: string;
  schema: unknown;
}

/** Removes // comments that are outside string literals. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    out += c;
  }
  return out;
}

/** Statements or formats that use a Schema Registry format (JSON_SR, AVRO, PROTOBUF). */
const REGISTRY_USE = /\b(JSON_SR|AVRO|PROTOBUF)\b(?!_NOSR)/i;

/** Whether the case expects schemas registered for ksqlDB's internal topics (`_confluent-ksql-…`). */
function internalTopicSchemas(c: QttCase): boolean {
  return (c.post?.topics?.topics ?? []).some(
    (t) => t.name.startsWith('_confluent-ksql-') && (t.keySchema !== undefined || t.valueSchema !== undefined),
  );
}

function expand(file: string, raw: Record<string, unknown>): QttCase[] {
  if (raw['enabled'] === false) return [];
  const formats = (raw['format'] as string[] | undefined) ?? [undefined];
  const configs = (raw['config'] as string[] | undefined) ?? [undefined];
  const out: QttCase[] = [];
  for (const f of formats) {
    for (const cfg of configs) {
      const subst = (s: string): string =>
        s.replace(/\{FORMAT\}/g, f ?? '{FORMAT}').replace(/\{CONFIG\}/g, cfg ?? '{CONFIG}');
      const statements = ((raw['statements'] as string[] | undefined) ?? []).map(subst);
      const suffix = [f, cfg].filter((x) => x !== undefined).join(' - ');
      const name = `${basename(file)} - ${String(raw['name'])}${suffix ? ` - ${suffix}` : ''}`;
      const c: QttCase = {
        file,
        name,
        statements,
        properties: Object.fromEntries(
          Object.entries((raw['properties'] as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [
            k,
            String(v),
          ]),
        ),
        inputs: (raw['inputs'] as QttRecord[] | undefined) ?? [],
        outputs: (raw['outputs'] as QttRecord[] | undefined) ?? [],
        ...(raw['expectedException']
          ? { expectedException: raw['expectedException'] as QttCase['expectedException'] }
          : {}),
        ...(raw['post'] ? { post: raw['post'] as QttCase['post'] } : {}),
        ...(raw['topics'] ? { topics: raw['topics'] as QttCase['topics'] } : {}),
      };
      if (internalTopicSchemas(c))
        c.unsupported =
          'post-condition schemas of internal (repartition, changelog) topics, which the in-memory engine does not have';
      else if (statements.some((s) => REGISTRY_USE.test(s)) || (f !== undefined && REGISTRY_USE.test(f)))
        c.schemaRegistry = true;
      out.push(c);
    }
  }
  return out;
}

export function loadCaseFile(file: string): QttCase[] {
  let doc: { tests?: Array<Record<string, unknown>> };
  try {
    doc = parseJsonExact(stripJsonComments(readFileSync(file, 'utf8'))) as typeof doc;
  } catch (err) {
    throw new PlanError(`${file}: not a valid QTT file: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(doc.tests)) throw new PlanError(`${file}: no "tests" array`);
  return doc.tests.flatMap((t) => expand(file, t));
}

/** Files given, or every *.json in folders given, sorted by name. */
export function findCaseFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new PlanError(`${p}: no such file or directory`);
    }
    if (st.isDirectory())
      out.push(
        ...readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f)),
      );
    else out.push(p);
  }
  return out;
}
