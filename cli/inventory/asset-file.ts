// The asset inventory file of `ziem assets import` and `ziem analyze --assets`: CSV with a header
// row naming the columns ip, name, owner and criticality (any order, any case; other columns are
// reported and ignored). Every row is checked and every problem reported at once (file:line and
// field); a file with any problem yields nothing. Pure: reading the file is the caller's.
import { csvRows, CsvSyntaxError, type CsvRow } from './csv-rows.js';
import { addressProblem } from './ipv4-address.js';
import { InventoryFileError } from './inventory-error.js';

export interface Asset {
  readonly ip: string;
  readonly name: string;
  readonly owner: string | null;
  readonly criticality: Criticality;
}

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

const COLUMNS = ['ip', 'name', 'owner', 'criticality'] as const;

export interface AssetFile {
  readonly assets: Asset[];
  /** Header columns that are not one of ours, ignored (the caller says so). */
  readonly ignoredColumns: string[];
}

const HINT = `a header row "ip,name,owner,criticality", then one row per IPv4 address; criticality is one of ${CRITICALITIES.join(', ')}`;

type Column = (typeof COLUMNS)[number];

interface Header {
  readonly at: ReadonlyMap<Column, number>;
  readonly ignored: string[];
  readonly width: number;
}

function header(row: CsvRow | undefined, file: string): Header {
  if (!row) throw new InventoryFileError(file, [`${file}: the file is empty (no header row)`], HINT);
  const at = new Map<Column, number>();
  const ignored: string[] = [];
  const problems: string[] = [];
  row.fields.forEach((f, i) => {
    const name = f.trim().toLowerCase() as Column;
    if (!COLUMNS.includes(name)) ignored.push(f.trim());
    else if (at.has(name)) problems.push(`${file}:${row.line}: column ${name} appears twice in the header`);
    else at.set(name, i);
  });
  for (const c of COLUMNS) if (!at.has(c)) problems.push(`${file}:${row.line}: the header has no column ${c}`);
  if (problems.length > 0) throw new InventoryFileError(file, problems, HINT);
  return { at, ignored, width: row.fields.length };
}

export function parseAssetFile(text: string, file: string): AssetFile {
  let rows: CsvRow[];
  try {
    rows = csvRows(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new InventoryFileError(file, [`${file}:${err.line}: ${err.message}`], HINT);
    throw err;
  }
  const h = header(rows[0], file);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const assets: Asset[] = [];
  for (const row of rows.slice(1)) {
    const where = `${file}:${row.line}`;
    if (row.fields.length !== h.width) {
      problems.push(`${where}: ${row.fields.length} field(s) where the header has ${h.width}`);
      continue;
    }
    const get = (c: Column): string => row.fields[h.at.get(c)!]!.trim();
    const ip = get('ip');
    const name = get('name');
    const owner = get('owner');
    const criticality = get('criticality').toLowerCase();
    const bad = addressProblem(ip);
    if (bad) problems.push(`${where}: field ip ${bad}`);
    else if (seen.has(ip)) problems.push(`${where}: field ip ${ip} is already on line ${seen.get(ip)}`);
    else seen.set(ip, row.line);
    if (name === '') problems.push(`${where}: field name is empty`);
    if (!(CRITICALITIES as readonly string[]).includes(criticality))
      problems.push(
        `${where}: field criticality ${JSON.stringify(get('criticality'))} is not one of ${CRITICALITIES.join(', ')}`,
      );
    assets.push({ ip, name, owner: owner === '' ? null : owner, criticality: criticality as Criticality });
  }
  if (problems.length > 0) throw new InventoryFileError(file, problems, HINT);
  return { assets, ignoredColumns: h.ignored };
}
