// Parses a migration file whole before anything is sent (a syntax error stops the run with
// nothing applied) and decides how each statement is sent, as ksql-migrations does: commands as
// one /ksql request each, INSERT … VALUES through /inserts-stream, SET/UNSET and DEFINE/UNDEFINE
// kept client-side. Variables are substituted here, so the text sent works on any server version;
// a `--define` value wins over the file's own DEFINE of the same name (files DEFINE defaults).
import { ParseError, parseStatements, type Statement } from '../../engine/syntax/index.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { literalValue } from './literal-value.js';
import type { MigrationFile } from './migration-files.js';

export type Route =
  | { kind: 'ksql' }
  | { kind: 'insert-values'; target: string; columns: string[] | undefined; values: unknown[] }
  | { kind: 'set'; name: string; value: string }
  | { kind: 'unset'; name: string }
  | { kind: 'variable' };

export interface PreparedStatement {
  /** The statement after variable substitution, as sent. */
  text: string;
  /** `ksql/V000003__Flows.sql:12`. */
  where: string;
  route: Route;
}

const REFUSED: Partial<Record<Statement['kind'], string>> = {
  QueryStatement: 'SELECT',
  Describe: 'DESCRIBE',
  Explain: 'EXPLAIN',
  Print: 'PRINT',
  Show: 'SHOW',
  AlterSystemProperty: 'ALTER SYSTEM',
};

function routeOf(s: Statement, where: string): Route {
  const refused = REFUSED[s.kind];
  if (refused)
    throw new ZiemError('MIGRATION_STATEMENT', `${where}: '${refused}' statements are not supported in migrations.`);
  switch (s.kind) {
    case 'InsertValues':
      return {
        kind: 'insert-values',
        target: s.target,
        columns: s.columns,
        values: s.values.map((v) => literalValue(v, where)),
      };
    case 'SetProperty':
      return { kind: 'set', name: s.name, value: s.value };
    case 'UnsetProperty':
      return { kind: 'unset', name: s.name };
    case 'DefineVariable':
    case 'UndefineVariable':
      return { kind: 'variable' };
    default:
      return { kind: 'ksql' };
  }
}

export function prepareFile(
  file: MigrationFile,
  relPath: string,
  defines: Readonly<Record<string, string>>,
): PreparedStatement[] {
  let statements: Statement[];
  try {
    statements = parseStatements(file.text, { fixedVariables: defines });
  } catch (err) {
    if (err instanceof ParseError)
      throw new ZiemError(
        'MIGRATION_SYNTAX',
        `${relPath}:${err.line}:${err.column}: ${err.message.split('\n')[0]?.replace(/^line \d+:\d+: /, '')}`,
        { cause: err },
      );
    throw err;
  }
  return statements.map((s) => {
    const where = `${relPath}:${s.line}`;
    return { text: s.text, where, route: routeOf(s, where) };
  });
}
