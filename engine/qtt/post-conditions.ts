// QTT `post` checks: each listed source exists with the expected type, formats, window and
// schema (compared as parsed columns), and no topic matches the blacklist pattern.
import { parseStatements } from '../syntax/index.js';
import { convertType } from '../types/convert-type.js';
import { typeToString } from '../types/sql-types.js';
import type { Catalog, SourceDef } from '../plan/catalog.js';
import type { QttCase } from './load-cases.js';

function schemaOf(text: string): string {
  const st = parseStatements(`CREATE STREAM QTT_SCHEMA (${text}) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');`)[0];
  if (!st || st.kind !== 'CreateSource') return text;
  return st.elements
    .map(
      (e) =>
        `${e.name} ${typeToString(convertType(e.type))}${e.constraint === 'KEY' || e.constraint === 'PRIMARY_KEY' ? ' KEY' : ''}`,
    )
    .join(', ');
}

function actualSchema(def: SourceDef): string {
  const cols = [...def.columns.filter((c) => c.ns === 'KEY'), ...def.columns.filter((c) => c.ns !== 'KEY')];
  return cols.map((c) => `${c.name} ${typeToString(c.type)}${c.ns === 'KEY' ? ' KEY' : ''}`).join(', ');
}

function formatName(f: unknown): string | undefined {
  if (f === undefined) return undefined;
  if (typeof f === 'string') return f.toUpperCase();
  return String((f as { format?: string }).format ?? '').toUpperCase();
}

function checkSource(exp: Record<string, unknown>, catalog: Catalog): string[] {
  const name = String(exp['name']);
  const def = catalog.get(name);
  if (!def) return [`post: source ${name} does not exist`];
  const problems: string[] = [];
  const type = exp['type'] as string | undefined;
  if (type && type.toUpperCase() !== def.kind) problems.push(`post: ${name} is a ${def.kind}, expected ${type}`);
  const kf = exp['keyFormat'] as Record<string, unknown> | string | undefined;
  if (formatName(kf) && formatName(kf) !== def.keyFormat)
    problems.push(`post: ${name} key format ${def.keyFormat}, expected ${formatName(kf)}`);
  if (kf && typeof kf === 'object') {
    const wt = kf['windowType'] as string | undefined;
    if (wt && wt.toUpperCase() !== def.window?.type)
      problems.push(`post: ${name} window ${def.window?.type ?? 'none'}, expected ${wt}`);
    const ws = kf['windowSize'] as number | null | undefined;
    if (ws !== undefined && ws !== null && ws !== def.window?.sizeMs)
      problems.push(`post: ${name} window size ${def.window?.sizeMs}, expected ${ws}`);
  }
  const vf = formatName(exp['valueFormat']);
  if (vf && vf !== def.valueFormat) problems.push(`post: ${name} value format ${def.valueFormat}, expected ${vf}`);
  const schema = exp['schema'] as string | undefined;
  if (schema !== undefined) {
    const want = schemaOf(schema);
    const got = actualSchema(def);
    if (want !== got) problems.push(`post: ${name} schema\n    expected ${want}\n    actual   ${got}`);
  }
  return problems;
}

export function checkPost(c: QttCase, catalog: Catalog, topics: string[]): string[] {
  const problems: string[] = [];
  for (const s of c.post?.sources ?? []) problems.push(...checkSource(s, catalog));
  const bl = c.post?.topics?.blacklist;
  if (bl) {
    const re = new RegExp(`^${bl}$`);
    for (const t of topics) if (re.test(t)) problems.push(`post: topic ${t} matches blacklist ${bl}`);
  }
  return problems;
}
