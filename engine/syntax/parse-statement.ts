// Parses one statement (without its `;`): dispatches on the first keyword to the CREATE/INSERT/
// DROP/ALTER parsers or handles the short statements here (SHOW/LIST, DESCRIBE, EXPLAIN, PRINT,
// TERMINATE/PAUSE/RESUME, SET/UNSET, DEFINE/UNDEFINE, ASSERT, SELECT).
import type { Duration, ShowTarget } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseProblem } from './parse-error.js';
import {
  parseAlter,
  parseCreate,
  parseDrop,
  parseInsert,
  parseProperties,
  type StatementBody,
} from './parse-create.js';
import { duration, parseQuery } from './parse-query.js';

const STATEMENT_START = [
  "'SELECT'",
  "'CREATE'",
  "'INSERT'",
  "'DROP'",
  "'SHOW'",
  "'LIST'",
  "'DESCRIBE'",
  "'EXPLAIN'",
  "'PRINT'",
  "'TERMINATE'",
  "'SET'",
  "'UNSET'",
  "'DEFINE'",
  "'UNDEFINE'",
  "'ALTER'",
  "'ASSERT'",
];

type Handler = (c: Cursor) => StatementBody;

const HANDLERS: Readonly<Record<string, Handler>> = {
  SELECT: (c) => ({ kind: 'QueryStatement', query: parseQuery(c) }),
  CREATE: parseCreate,
  INSERT: parseInsert,
  DROP: parseDrop,
  ALTER: parseAlter,
  SHOW: parseShow,
  LIST: parseShow,
  DESCRIBE: parseDescribe,
  EXPLAIN: parseExplain,
  PRINT: parsePrint,
  TERMINATE: parseQueryControl,
  PAUSE: parseQueryControl,
  RESUME: parseQueryControl,
  SET: parseSet,
  UNSET: parseUnset,
  DEFINE: parseDefine,
  UNDEFINE: (c) => {
    c.next();
    return { kind: 'UndefineVariable', name: variableName(c) };
  },
  ASSERT: parseAssert,
};

/** First words of the CLI's own commands (RUN SCRIPT), which ksqlDB's grammar does not read. */
const NOT_STATEMENTS = new Set(['RUN']);

export function parseStatementBody(c: Cursor): StatementBody {
  const t = c.peek();
  const handler = t.type === 'IDENT' ? HANDLERS[t.value] : undefined;
  if (handler) return handler(c);
  if (t.type === 'IDENT' && NOT_STATEMENTS.has(t.value))
    throw parseProblem(
      t.line,
      t.column,
      `Syntax Error\nUnknown statement '${t.text}'`,
      "RUN SCRIPT is a ksql CLI command: pass the script's statements directly",
    );
  throw c.fail(STATEMENT_START);
}

const SHOW_TARGETS: Readonly<Record<string, ShowTarget>> = {
  STREAMS: 'STREAMS',
  TABLES: 'TABLES',
  QUERIES: 'QUERIES',
  TOPICS: 'TOPICS',
  PROPERTIES: 'PROPERTIES',
  FUNCTIONS: 'FUNCTIONS',
  TYPES: 'TYPES',
  VARIABLES: 'VARIABLES',
  CONNECTORS: 'CONNECTORS',
};
/** Only these accept EXTENDED, as in ksqlDB's grammar. */
const EXTENDABLE = new Set<ShowTarget>(['STREAMS', 'TABLES', 'QUERIES', 'TOPICS']);

function parseShow(c: Cursor): StatementBody {
  c.next();
  if (c.acceptKeyword('CONNECTOR', 'PLUGINS')) {
    return { kind: 'Show', target: 'CONNECTOR_PLUGINS', extended: false, all: false };
  }
  const all = c.isKeyword('ALL') && c.isKeyword('TOPICS', 1) ? c.acceptKeyword('ALL') : false;
  const scope =
    (c.isKeyword('SOURCE') || c.isKeyword('SINK')) && c.isKeyword('CONNECTORS', 1)
      ? (c.next().value as 'SOURCE' | 'SINK')
      : undefined;
  const t = c.peek();
  const target = t.type === 'IDENT' ? SHOW_TARGETS[t.value] : undefined;
  if (!target)
    throw c.fail(
      Object.keys(SHOW_TARGETS)
        .map((k) => `'${k}'`)
        .concat(["'ALL'", "'CONNECTOR'"]),
    );
  c.next();
  const extended = EXTENDABLE.has(target) && c.acceptKeyword('EXTENDED');
  return scope
    ? { kind: 'Show', target, extended, all, connectorScope: scope }
    : { kind: 'Show', target, extended, all };
}

function parseDescribe(c: Cursor): StatementBody {
  c.next();
  for (const subject of ['STREAMS', 'TABLES'] as const) {
    if (c.isKeyword(subject) && (c.isKeyword('EXTENDED', 1) || c.isOp(';', 1) || c.peek(1).type === 'EOF')) {
      c.next();
      return { kind: 'Describe', subject, extended: c.acceptKeyword('EXTENDED') };
    }
  }
  for (const subject of ['FUNCTION', 'CONNECTOR'] as const) {
    if (c.isKeyword(subject) && c.atIdentifier(1)) {
      c.next();
      return { kind: 'Describe', subject, name: c.identifier(), extended: false };
    }
  }
  const name = c.identifier();
  return { kind: 'Describe', subject: 'SOURCE', name, extended: c.acceptKeyword('EXTENDED') };
}

function parseExplain(c: Cursor): StatementBody {
  const start = c.next();
  if (c.isKeyword('SELECT') || c.isKeyword('CREATE') || c.isKeyword('INSERT')) {
    const inner = c.peek();
    const body = parseStatementBody(c);
    if (body.kind === 'QueryStatement' || body.kind === 'CreateAsSelect' || body.kind === 'InsertInto') {
      const text = c.source.slice(inner.offset, c.peek().type === 'EOF' ? undefined : c.peek().end);
      return { kind: 'Explain', statement: { ...body, text, line: inner.line, column: inner.column } };
    }
    throw parseProblem(
      start.line,
      start.column,
      'EXPLAIN is only supported for queries: SELECT, CREATE ... AS SELECT and INSERT INTO ... SELECT',
    );
  }
  if (c.peek().type === 'IDENT' && HANDLERS[c.peek().value] && !c.atIdentifier()) {
    throw parseProblem(
      start.line,
      start.column,
      'EXPLAIN is only supported for queries: SELECT, CREATE ... AS SELECT and INSERT INTO ... SELECT',
    );
  }
  return { kind: 'Explain', queryId: c.identifier('a query id or statement') };
}

function parsePrint(c: Cursor): StatementBody {
  c.next();
  const topic = c.peek().type === 'STRING' ? c.string() : c.identifier();
  const fromBeginning = c.acceptKeyword('FROM', 'BEGINNING');
  const interval = c.acceptKeyword('INTERVAL') || c.acceptKeyword('SAMPLE') ? c.integer() : undefined;
  const limit = c.acceptKeyword('LIMIT') ? c.integer() : undefined;
  return {
    kind: 'Print',
    topic,
    fromBeginning,
    ...(interval === undefined ? {} : { interval }),
    ...(limit === undefined ? {} : { limit }),
  };
}

function parseQueryControl(c: Cursor): StatementBody {
  const action = c.next().value as 'TERMINATE' | 'PAUSE' | 'RESUME';
  if (c.acceptKeyword('ALL')) return { kind: 'QueryControl', action, all: true };
  return { kind: 'QueryControl', action, queryId: c.identifier('a query id or ALL'), all: false };
}

function parseSet(c: Cursor): StatementBody {
  c.next();
  const name = c.string();
  c.expectOp('=');
  return { kind: 'SetProperty', name, value: c.string() };
}

function parseUnset(c: Cursor): StatementBody {
  c.next();
  return { kind: 'UnsetProperty', name: c.string() };
}

function parseDefine(c: Cursor): StatementBody {
  c.next();
  const name = variableName(c);
  c.expectOp('=');
  return { kind: 'DefineVariable', name, value: c.string() };
}

/** Variable names are plain identifiers; ksqlDB allows keywords here too, so any word goes. */
function variableName(c: Cursor): string {
  const t = c.peek();
  if (t.type !== 'IDENT') throw c.fail(['IDENTIFIER']);
  c.next();
  return t.text;
}

function parseAssert(c: Cursor): StatementBody {
  c.next();
  const exists = !c.acceptKeyword('NOT', 'EXISTS');
  if (c.acceptKeyword('TOPIC')) {
    const topic = c.peek().type === 'STRING' ? c.string() : c.identifier();
    const properties = c.acceptKeyword('WITH') ? parseProperties(c) : [];
    const timeout = optionalTimeout(c);
    return { kind: 'AssertTopic', exists, topic, properties, ...(timeout ? { timeout } : {}) };
  }
  if (c.acceptKeyword('SCHEMA')) {
    const subject = c.acceptKeyword('SUBJECT') ? (c.peek().type === 'STRING' ? c.string() : c.identifier()) : undefined;
    const id = c.acceptKeyword('ID') ? c.integer() : undefined;
    const timeout = optionalTimeout(c);
    return {
      kind: 'AssertSchema',
      exists,
      ...(subject === undefined ? {} : { subject }),
      ...(id === undefined ? {} : { id }),
      ...(timeout ? { timeout } : {}),
    };
  }
  // ASSERT VALUES/NULL/STREAM/TABLE belong to ksql-test-runner scripts, not to ksqlDB's grammar
  throw c.fail(exists ? ["'NOT'", "'TOPIC'", "'SCHEMA'"] : ["'TOPIC'", "'SCHEMA'"]);
}

function optionalTimeout(c: Cursor): Duration | undefined {
  return c.acceptKeyword('TIMEOUT') ? duration(c) : undefined;
}
