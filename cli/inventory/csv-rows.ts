// Splits CSV text (RFC 4180: comma-separated, `"` quotes a field, `""` inside quotes is a quote,
// CRLF or LF line ends) into rows of fields, each with the line it starts on, so a caller's errors
// name file:line. A quoted field may span lines. Blank lines are skipped. Pure.

export interface CsvRow {
  /** 1-based line number of the row's first character. */
  readonly line: number;
  readonly fields: readonly string[];
}

/** A quote left open at the end of the text (the only malformed CSV this reader refuses). */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
  }
}

export function csvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine);
  endRow();
  return rows;
}
