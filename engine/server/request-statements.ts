// Turns the text of one request into statements ready to validate and run: parsed with the
// request's variables, with DEFINE/UNDEFINE and SET/UNSET applied in order. Their effect lasts
// only until the request ends (ksqlDB), so they never reach the engine's own state.
import { parseStatements, type Statement } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import { mapEngineError, RestError } from './rest-error.js';
import type { ServerLimits } from './server-limits.js';

/** The limits that apply while a request's text is parsed. */
export type ParseLimits = Pick<ServerLimits, 'maxStatements' | 'maxVariableExpansionBytes' | 'maxExpressionDepth'>;

/** Parses with the request's variables under the server's limits (none when replaying commands). */
export function parseRequest(sql: string, vars: Record<string, string>, limits?: ParseLimits): Statement[] {
  const statements = parseStatements(sql, {
    variables: vars,
    ...(limits
      ? { maxExpansionBytes: limits.maxVariableExpansionBytes, maxExpressionDepth: limits.maxExpressionDepth }
      : {}),
  });
  if (limits && statements.length > limits.maxStatements)
    throw new RestError(
      400,
      40000,
      `The request has ${statements.length} statements, more than the ${limits.maxStatements} allowed in one request (ksql.server.request.max.statements)`,
    );
  return statements;
}

export interface Prepared {
  stmt: Statement;
  /** The request's property overrides in force at this statement (streamsProperties + SET). */
  props: Record<string, string>;
  /** The variables in force at this statement (sessionVariables + DEFINE). */
  vars: Record<string, string>;
}

export function prepareStatements(
  sql: string,
  props: Record<string, string>,
  vars: Record<string, string>,
  limits?: ParseLimits,
): Prepared[] {
  let statements: Statement[];
  try {
    statements = parseRequest(sql, vars, limits);
  } catch (err) {
    const text = (err as { statementText?: string }).statementText;
    throw mapEngineError(err, text ?? sql);
  }
  let p = { ...props };
  let v = { ...vars };
  return statements.map((stmt) => {
    if (stmt.kind === 'SetProperty') p = { ...p, [stmt.name]: stmt.value };
    if (stmt.kind === 'UnsetProperty') p = Object.fromEntries(Object.entries(p).filter(([k]) => k !== stmt.name));
    if (stmt.kind === 'DefineVariable') v = { ...v, [stmt.name]: stmt.value };
    if (stmt.kind === 'UndefineVariable')
      v = Object.fromEntries(Object.entries(v).filter(([k]) => k.toUpperCase() !== stmt.name.toUpperCase()));
    return { stmt, props: p, vars: v };
  });
}

/** Runs `fn` with the overrides applied to the engine's properties, restoring them afterwards.
 *  Callers serialise engine work, so no other request sees the temporary values. */
export async function withProps<T>(e: Engine, overrides: Record<string, string>, fn: () => T | Promise<T>): Promise<T> {
  const saved = { ...e.props };
  Object.assign(e.props, overrides);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(e.props)) delete e.props[k];
    Object.assign(e.props, saved);
  }
}
