// Reads and validates the connector files (`connectors/*.json`, `{"name", "config": {…}}`), the
// desired state of `ziem connectors apply`. Every problem of every file is collected and reported
// with file:line and field; placeholders stay unresolved here (placeholders.ts resolves them).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ZiemError } from '../../core/errors/ziem-error.js';

export interface ConnectorFile {
  name: string;
  /** For messages: `connectors/neo4j-sink.json` (the directory's own name, then the file). */
  source: string;
  /** Values as written, placeholders included. */
  config: Readonly<Record<string, string | number | boolean>>;
}

/** Conservative on purpose: names go into URL paths and Kafka topic names (connect-<name>). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,248}$/;
const TOP_LEVEL = new Set(['name', 'config']);

/** The 1-based line of the first `"key":` in a file's text, to point an error at it. */
function lineOf(text: string, key: string): number | undefined {
  const quoted = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${quoted}\\s*:`).exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

function where(source: string, text: string, key: string | undefined): string {
  const line = key === undefined ? undefined : lineOf(text, key);
  return line === undefined ? source : `${source}:${line}`;
}

/** JSON.parse's "at position N" → line:column, so a syntax error points into the file. */
function syntaxProblem(source: string, text: string, err: Error): string {
  const pos = /position (\d+)/.exec(err.message);
  if (!pos) return `${source}: invalid JSON: ${err.message}`;
  const before = text.slice(0, Number(pos[1])).split('\n');
  const msg = err.message.replace(/ in JSON at position \d+.*$/, '');
  return `${source}:${before.length}:${(before.at(-1) ?? '').length + 1}: invalid JSON: ${msg}`;
}

function checkConfig(
  source: string,
  text: string,
  name: string,
  config: Record<string, unknown>,
  problems: string[],
): boolean {
  const before = problems.length;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      problems.push(
        `${where(source, text, key)}: field config.${key}: expected a string, number or boolean, got ${value === null ? 'null' : typeof value}`,
      );
  }
  const cls = config['connector.class'];
  if (typeof cls !== 'string' || cls.trim() === '')
    problems.push(
      `${where(source, text, 'config')}: field config.connector.class: required (the connector's Java class)`,
    );
  if (config['name'] !== undefined && config['name'] !== name)
    problems.push(
      `${where(source, text, 'name')}: field config.name: ${JSON.stringify(config['name'])} differs from name ${JSON.stringify(name)}; drop it or make them equal`,
    );
  return problems.length === before;
}

/** Parses one file; pushes its problems and returns undefined when it is not usable. */
export function parseConnectorFile(source: string, text: string, problems: string[]): ConnectorFile | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    problems.push(syntaxProblem(source, text, err as Error));
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push(`${source}:1: expected an object {"name": "…", "config": {…}}`);
    return undefined;
  }
  const o = doc as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(o))
    if (!TOP_LEVEL.has(key))
      problems.push(`${where(source, text, key)}: field ${key}: unknown (a connector file has only name and config)`);
  const name = o['name'];
  if (typeof name !== 'string' || !NAME.test(name))
    problems.push(
      `${where(source, text, 'name')}: field name: expected a connector name of letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${JSON.stringify(name)}`,
    );
  const config = o['config'];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    problems.push(`${where(source, text, 'config')}: field config: expected an object of connector settings`);
    return undefined;
  }
  const configOk = checkConfig(
    source,
    text,
    typeof name === 'string' ? name : '',
    config as Record<string, unknown>,
    problems,
  );
  if (!configOk || problems.length > before) return undefined;
  return { name: name as string, source, config: config as ConnectorFile['config'] };
}

/** Every `*.json` in the directory, sorted by file name; throws once with every problem found. */
export function loadConnectorFiles(dir: string): ConnectorFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ZiemError('CONNECTORS_DIR', `connector directory ${dir} does not exist`, {
      hint: 'create it with one <name>.json per connector, or point the setting connectors.dir (ZIEM_CONNECTORS_DIR) elsewhere',
    });
  const label = basename(dir);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const problems: string[] = [];
  const out: ConnectorFile[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const source = `${label}/${f}`;
    const parsed = parseConnectorFile(source, readFileSync(join(dir, f), 'utf8'), problems);
    if (!parsed) continue;
    const first = seen.get(parsed.name);
    if (first) problems.push(`${source}: field name: connector ${parsed.name} is already defined in ${first}`);
    else seen.set(parsed.name, source);
    out.push(parsed);
  }
  if (problems.length > 0)
    throw new ZiemError('CONNECTOR_FILE', `invalid connector files:\n  ${problems.join('\n  ')}`, {
      hint: 'fix the fields named above; nothing was applied',
    });
  return out;
}
