// Prints statements back to SQL (without the trailing `;`), following ksqlDB's SqlFormatter so
// the text matches what ksqlDB shows in messages; re-parsing the text gives the same tree.
import { InternalError } from '../../core/errors/ziem-error.js';
import type { Property, Statement, TableElement } from './ast.js';
import { formatIdentifier } from './identifiers.js';
import { printExpression, quoteString } from './print-expression.js';
import { printDuration, printProperties, printQuery } from './print-query.js';
import { printType } from './print-type.js';

const id = formatIdentifier;
const opt = (flag: boolean, text: string): string => (flag ? text : '');

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'CreateSource': {
      const head =
        `CREATE ${opt(s.orReplace, 'OR REPLACE ')}${opt(s.readOnly, 'SOURCE ')}${s.sourceType} ` +
        `${opt(s.ifNotExists, 'IF NOT EXISTS ')}${id(s.name)}`;
      const elements = s.elements.length > 0 ? ` (${s.elements.map(printElement).join(', ')})` : '';
      return head + elements + withClause(s.properties);
    }
    case 'CreateAsSelect':
      return (
        `CREATE ${opt(s.orReplace, 'OR REPLACE ')}${s.sourceType} ${opt(s.ifNotExists, 'IF NOT EXISTS ')}` +
        `${id(s.name)}${withClause(s.properties)} AS ${printQuery(s.query)}`
      );
    case 'InsertInto':
      return `INSERT INTO ${id(s.target)}${withClause(s.properties)} ${printQuery(s.query)}`;
    case 'InsertValues': {
      const columns = s.columns ? ` (${s.columns.map(id).join(', ')})` : '';
      return `INSERT INTO ${id(s.target)}${columns} VALUES (${s.values.map(printExpression).join(', ')})`;
    }
    case 'QueryStatement':
      return printQuery(s.query);
    default:
      return printOther(s);
  }
}

function withClause(props: readonly Property[]): string {
  return props.length > 0 ? ` WITH ${printProperties(props)}` : '';
}

function printElement(e: TableElement): string {
  const suffix = {
    VALUE: '',
    KEY: ' KEY',
    PRIMARY_KEY: ' PRIMARY KEY',
    HEADERS: ' HEADERS',
    HEADER: ` HEADER(${quoteString(e.headerKey ?? '')})`,
  }[e.constraint];
  return `${id(e.name)} ${printType(e.type)}${suffix}`;
}

function printOther(s: Statement): string {
  switch (s.kind) {
    case 'DropSource':
      return `DROP ${s.sourceType} ${opt(s.ifExists, 'IF EXISTS ')}${id(s.name)}${opt(s.deleteTopic, ' DELETE TOPIC')}`;
    case 'AlterSource':
      return (
        `ALTER ${s.sourceType} ${id(s.name)} ` +
        s.addColumns.map((c) => `ADD COLUMN ${id(c.name)} ${printType(c.type)}`).join(', ')
      );
    case 'RegisterType':
      return `CREATE TYPE ${opt(s.ifNotExists, 'IF NOT EXISTS ')}${id(s.name)} AS ${printType(s.type)}`;
    case 'DropType':
      return `DROP TYPE ${opt(s.ifExists, 'IF EXISTS ')}${id(s.name)}`;
    case 'DefineVariable':
      return `DEFINE ${s.name}=${quoteString(s.value)}`;
    case 'UndefineVariable':
      return `UNDEFINE ${s.name}`;
    case 'SetProperty':
      return `SET ${quoteString(s.name)}=${quoteString(s.value)}`;
    case 'UnsetProperty':
      return `UNSET ${quoteString(s.name)}`;
    case 'AlterSystemProperty':
      return `ALTER SYSTEM ${quoteString(s.name)}=${quoteString(s.value)}`;
    case 'Explain':
      return 'EXPLAIN ' + (s.statement ? printStatement(s.statement) : id(s.queryId ?? ''));
    default:
      return printAdmin(s);
  }
}

function printAdmin(s: Statement): string {
  switch (s.kind) {
    case 'Show': {
      const target = s.target === 'CONNECTOR_PLUGINS' ? 'CONNECTOR PLUGINS' : s.target;
      const scope = s.connectorScope ? s.connectorScope + ' ' : '';
      return `SHOW ${opt(s.all, 'ALL ')}${scope}${target}${opt(s.extended, ' EXTENDED')}`;
    }
    case 'Describe': {
      const subject = s.subject === 'SOURCE' ? '' : s.subject + (s.name === undefined ? '' : ' ');
      return `DESCRIBE ${subject}${s.name === undefined ? '' : id(s.name)}${opt(s.extended, ' EXTENDED')}`;
    }
    case 'Print':
      return (
        `PRINT ${quoteString(s.topic)}${opt(s.fromBeginning, ' FROM BEGINNING')}` +
        (s.interval === undefined ? '' : ` INTERVAL ${s.interval}`) +
        (s.limit === undefined ? '' : ` LIMIT ${s.limit}`)
      );
    case 'QueryControl':
      return `${s.action} ${s.all ? 'ALL' : id(s.queryId ?? '')}`;
    case 'CreateConnector':
      return (
        `CREATE ${s.connectorType} CONNECTOR ${opt(s.ifNotExists, 'IF NOT EXISTS ')}${id(s.name)} ` +
        `WITH ${printProperties(s.properties)}`
      );
    case 'DropConnector':
      return `DROP CONNECTOR ${opt(s.ifExists, 'IF EXISTS ')}${id(s.name)}`;
    case 'AssertTopic':
      return (
        `ASSERT ${opt(!s.exists, 'NOT EXISTS ')}TOPIC ${quoteString(s.topic)}${withClause(s.properties)}` +
        (s.timeout ? ` TIMEOUT ${printDuration(s.timeout)}` : '')
      );
    case 'AssertSchema':
      return (
        `ASSERT ${opt(!s.exists, 'NOT EXISTS ')}SCHEMA` +
        (s.subject === undefined ? '' : ` SUBJECT ${quoteString(s.subject)}`) +
        (s.id === undefined ? '' : ` ID ${s.id}`) +
        (s.timeout ? ` TIMEOUT ${printDuration(s.timeout)}` : '')
      );
    default:
      throw new InternalError(`printStatement: unexpected statement kind ${s.kind}`);
  }
}
