// The id of a persistent query, as ksqlDB gives it: `WITH (QUERY_ID='…')` when the statement names
// one (upper-cased, checked for ksqlDB's reserved prefixes, its character set and duplicates), else
// CSAS_<SINK>_<n> / CTAS_<SINK>_<n> / INSERTQUERY_<n> with n from Engine.nextQueryId.
import { PlanError } from '../errors.js';
import type { CreateAsSelect, InsertInto } from '../syntax/index.js';
import type { Engine } from './engine.js';

/** Prefixes of generated ids; a user's QUERY_ID may not start with one (it could collide later). */
export const RESERVED_QUERY_ID_PREFIXES = ['INSERTQUERY_', 'CTAS_', 'CSAS_', 'CST_'] as const;

/** The statement's own QUERY_ID, upper-cased and validated; undefined when it names none. */
export function explicitQueryId(s: CreateAsSelect | InsertInto): string | undefined {
  const p = s.properties.find((x) => x.name.toUpperCase() === 'QUERY_ID');
  if (p === undefined || p.value.kind === 'NullLiteral') return undefined;
  const raw = p.value.kind === 'StringLiteral' ? p.value.value : String(p.value.value);
  const id = raw.toUpperCase();
  if (RESERVED_QUERY_ID_PREFIXES.some((x) => id.startsWith(x))) {
    throw new PlanError(
      `Query IDs must not start with a reserved query ID prefix (${RESERVED_QUERY_ID_PREFIXES.join(', ')}). Got '${id}'.`,
    );
  }
  if (!/^[A-Za-z0-9_]+$/.test(id))
    throw new PlanError(`Query IDs may contain only alphanumeric characters and '_'. Got: '${raw}'`);
  return id;
}

/**
 * The id for the query this statement starts. `replacing` is the id of the query a CREATE OR
 * REPLACE supersedes: it keeps that id unless the statement names another, and may reuse it.
 */
export function queryIdFor(
  e: Engine,
  s: CreateAsSelect | InsertInto,
  generatedPrefix: string,
  replacing?: string,
): string {
  const named = explicitQueryId(s);
  if (named === undefined) return replacing ?? e.nextQueryId(generatedPrefix);
  if (named !== replacing && e.queries.has(named)) throw new PlanError(`Query ID '${named}' already exists.`);
  return named;
}
