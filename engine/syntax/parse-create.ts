// Parses the statements that define sources and move data: CREATE [OR REPLACE] [SOURCE]
// STREAM|TABLE (columns or AS SELECT), CREATE TYPE, CREATE ... CONNECTOR, INSERT INTO (SELECT or
// VALUES), DROP, ALTER ... ADD COLUMN, and the WITH (...) property lists they share.
import type { ColumnConstraint, Expression, Literal, Property, SourceType, Statement, TableElement } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseValueExpr } from './parse-expression.js';
import { numericLiteral } from './parse-primary.js';
import { parseQuery } from './parse-query.js';
import { parseSqlType } from './parse-type.js';

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A statement before the orchestrator stamps its text and position on it. */
export type StatementBody = DistributiveOmit<Statement, 'text' | 'line' | 'column'>;

export function parseCreate(c: Cursor): StatementBody {
  c.expectKeyword('CREATE');
  const orReplace = c.acceptKeyword('OR', 'REPLACE');
  if (!orReplace && c.isKeyword('TYPE')) return createType(c);
  if (!orReplace && (c.isKeyword('SINK') || c.isKeyword('SOURCE')) && c.isKeyword('CONNECTOR', 1)) {
    return createConnector(c);
  }
  const readOnly = c.acceptKeyword('SOURCE');
  const sourceType = streamOrTable(c);
  const ifNotExists = c.acceptKeyword('IF', 'NOT', 'EXISTS');
  const name = c.identifier();
  if (!c.isOp('(')) c.note("'('");
  const elements = c.isOp('(') ? tableElements(c) : [];
  if (!c.isKeyword('WITH')) c.note("'WITH'");
  const properties = c.acceptKeyword('WITH') ? parseProperties(c) : [];
  if (!readOnly && elements.length === 0 && !c.isKeyword('AS')) c.note("'AS'");
  if (!readOnly && elements.length === 0 && c.acceptKeyword('AS')) {
    return { kind: 'CreateAsSelect', sourceType, orReplace, ifNotExists, name, properties, query: parseQuery(c) };
  }
  return { kind: 'CreateSource', sourceType, orReplace, ifNotExists, readOnly, name, elements, properties };
}

function streamOrTable(c: Cursor): SourceType {
  if (c.acceptKeyword('STREAM')) return 'STREAM';
  if (c.acceptKeyword('TABLE')) return 'TABLE';
  throw c.fail(["'STREAM'", "'TABLE'"]);
}

function createType(c: Cursor): StatementBody {
  c.next();
  const ifNotExists = c.acceptKeyword('IF', 'NOT', 'EXISTS');
  const name = c.identifier();
  c.expectKeyword('AS');
  return { kind: 'RegisterType', ifNotExists, name, type: parseSqlType(c) };
}

function createConnector(c: Cursor): StatementBody {
  const connectorType = c.next().value as 'SOURCE' | 'SINK';
  c.next();
  const ifNotExists = c.acceptKeyword('IF', 'NOT', 'EXISTS');
  const name = c.identifier();
  c.expectKeyword('WITH');
  return { kind: 'CreateConnector', connectorType, ifNotExists, name, properties: parseProperties(c) };
}

function tableElements(c: Cursor): TableElement[] {
  c.expectOp('(');
  const elements = [tableElement(c)];
  while (c.acceptOp(',')) elements.push(tableElement(c));
  if (!c.isOp(')')) throw c.fail(["','", "')'"]);
  c.next();
  return elements;
}

function tableElement(c: Cursor): TableElement {
  const at = c.loc();
  const name = c.identifier();
  const type = parseSqlType(c);
  let constraint: ColumnConstraint = 'VALUE';
  if (c.acceptKeyword('PRIMARY', 'KEY')) constraint = 'PRIMARY_KEY';
  else if (c.acceptKeyword('KEY')) constraint = 'KEY';
  else if (c.acceptKeyword('HEADERS')) constraint = 'HEADERS';
  else if (c.acceptKeyword('HEADER')) {
    c.expectOp('(');
    const headerKey = c.string();
    c.expectOp(')');
    return { name, type, constraint: 'HEADER', headerKey, line: at.line, column: at.column };
  }
  return { name, type, constraint, line: at.line, column: at.column };
}

/**
 * `( NAME = literal, ... )`. Bare names are upper-cased like any identifier; quoted names keep
 * their case, because connector configs (`'connector.class'`) are case-sensitive.
 */
export function parseProperties(c: Cursor): Property[] {
  c.expectOp('(');
  const props: Property[] = [];
  do {
    const t = c.peek();
    const name = t.type === 'STRING' ? c.string() : c.identifier();
    c.expectOp('=');
    props.push({ name, value: propertyLiteral(c) });
  } while (c.acceptOp(','));
  c.expectOp(')');
  return props;
}

function propertyLiteral(c: Cursor): Literal {
  const t = c.peek();
  const loc = c.loc(t);
  if (t.type === 'STRING') return { kind: 'StringLiteral', value: c.string(), loc };
  if (c.acceptKeyword('NULL')) return { kind: 'NullLiteral', loc };
  if (c.isKeyword('TRUE') || c.isKeyword('FALSE'))
    return { kind: 'BooleanLiteral', value: c.next().value === 'TRUE', loc };
  const negative = c.isOp('-');
  const n = c.peek(negative ? 1 : 0);
  if (n.type === 'INTEGER' || n.type === 'DECIMAL' || n.type === 'FLOAT') {
    if (negative) c.next();
    c.next();
    return numericLiteral(n, negative, loc) as Literal;
  }
  throw c.fail(['STRING', 'INTEGER_VALUE', 'DECIMAL_VALUE', "'TRUE'", "'FALSE'", "'NULL'"]);
}

export function parseInsert(c: Cursor): StatementBody {
  c.expectKeyword('INSERT');
  c.expectKeyword('INTO');
  const target = c.identifier();
  if (c.isKeyword('WITH') || c.isKeyword('SELECT')) {
    const properties = c.acceptKeyword('WITH') ? parseProperties(c) : [];
    return { kind: 'InsertInto', target, properties, query: parseQuery(c) };
  }
  let columns: string[] | undefined;
  if (c.acceptOp('(')) {
    columns = [c.identifier()];
    while (c.acceptOp(',')) columns.push(c.identifier());
    c.expectOp(')');
  }
  if (!c.isKeyword('VALUES')) throw c.fail(columns ? ["'VALUES'"] : ["'WITH'", "'SELECT'", "'('", "'VALUES'"]);
  c.next();
  c.expectOp('(');
  const values: Expression[] = [];
  if (!c.isOp(')')) {
    do values.push(parseValueExpr(c));
    while (c.acceptOp(','));
  }
  c.expectOp(')');
  return columns ? { kind: 'InsertValues', target, columns, values } : { kind: 'InsertValues', target, values };
}

export function parseDrop(c: Cursor): StatementBody {
  c.expectKeyword('DROP');
  if (c.acceptKeyword('CONNECTOR')) {
    const ifExists = c.acceptKeyword('IF', 'EXISTS');
    return { kind: 'DropConnector', ifExists, name: c.identifier() };
  }
  if (c.acceptKeyword('TYPE')) {
    const ifExists = c.acceptKeyword('IF', 'EXISTS');
    return { kind: 'DropType', ifExists, name: c.identifier() };
  }
  if (!c.isKeyword('STREAM') && !c.isKeyword('TABLE')) throw c.fail(["'STREAM'", "'TABLE'", "'CONNECTOR'", "'TYPE'"]);
  const sourceType = streamOrTable(c);
  const ifExists = c.acceptKeyword('IF', 'EXISTS');
  const name = c.identifier();
  const deleteTopic = c.acceptKeyword('DELETE');
  if (deleteTopic) c.expectKeyword('TOPIC');
  return { kind: 'DropSource', sourceType, ifExists, name, deleteTopic };
}

/** ALTER STREAM|TABLE name ADD [COLUMN] c T, ...  and  ALTER SYSTEM 'k'='v'. */
export function parseAlter(c: Cursor): StatementBody {
  c.expectKeyword('ALTER');
  if (c.acceptKeyword('SYSTEM')) {
    const name = c.string();
    c.expectOp('=');
    return { kind: 'AlterSystemProperty', name, value: c.string() };
  }
  if (!c.isKeyword('STREAM') && !c.isKeyword('TABLE')) throw c.fail(["'STREAM'", "'TABLE'", "'SYSTEM'"]);
  const sourceType = streamOrTable(c);
  const name = c.identifier();
  const addColumns: TableElement[] = [];
  do {
    c.expectKeyword('ADD');
    c.acceptKeyword('COLUMN');
    const column = c.identifier();
    addColumns.push({ name: column, type: parseSqlType(c), constraint: 'VALUE' });
  } while (c.acceptOp(','));
  return { kind: 'AlterSource', sourceType, name, addColumns };
}
