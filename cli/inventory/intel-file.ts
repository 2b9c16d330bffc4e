// The known-bad address list of `ziem intel import` and `ziem analyze --intel`: one IPv4 address
// per line, optionally followed by a source and a description (`address,source,description`, CSV:
// quote a description holding commas); `#` starts a comment at a line's start or after a blank;
// an optional header line `ip,source,description`. A CIDR range other than /32 is refused (the
// pipeline joins on exact addresses). Every problem is reported at once, and a file with any
// problem yields nothing. An address listed twice is kept once (the first line), and counted.
import { csvRows, CsvSyntaxError, type CsvRow } from './csv-rows.js';
import { addressProblem } from './ipv4-address.js';
import { InventoryFileError } from './inventory-error.js';

export interface IntelEntry {
  readonly ip: string;
  readonly source: string | null;
  readonly description: string | null;
}

export interface IntelFile {
  readonly entries: IntelEntry[];
  /** Lines whose address an earlier line already listed. */
  readonly duplicates: number;
}

const HINT =
  'one IPv4 address per line, optionally "address,source,description"; "#" starts a comment; CIDR ranges are not matched';

/** The line without its comment: `#` at the start or after a space or tab. */
const uncommented = (line: string): string => line.replace(/(^|[ \t])#.*$/, '');

function rowsOf(text: string, file: string): CsvRow[] {
  const lines = text.split(/\r?\n/);
  // comments are cut line by line first, so a `#` never has to be quoted; line numbers are kept
  // by leaving an empty line where a comment was
  try {
    return csvRows(lines.map(uncommented).join('\n'));
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new InventoryFileError(file, [`${file}:${err.line}: ${err.message}`], HINT);
    throw err;
  }
}

export function parseIntelFile(text: string, file: string): IntelFile {
  const rows = rowsOf(text, file);
  const first = rows[0]?.fields[0]?.trim().toLowerCase();
  const body = first === 'ip' || first === 'address' ? rows.slice(1) : rows;
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries: IntelEntry[] = [];
  let duplicates = 0;
  for (const row of body) {
    const where = `${file}:${row.line}`;
    if (row.fields.length > 3) {
      problems.push(`${where}: ${row.fields.length} fields; expected address[,source[,description]]`);
      continue;
    }
    const [raw = '', source = '', description = ''] = row.fields.map((f) => f.trim());
    const ip = raw.endsWith('/32') ? raw.slice(0, -3) : raw;
    const bad = addressProblem(ip);
    if (bad) {
      problems.push(`${where}: field address ${bad}`);
      continue;
    }
    if (seen.has(ip)) {
      duplicates++;
      continue;
    }
    seen.add(ip);
    entries.push({ ip, source: source === '' ? null : source, description: description === '' ? null : description });
  }
  if (problems.length > 0) throw new InventoryFileError(file, problems, HINT);
  return { entries, duplicates };
}
