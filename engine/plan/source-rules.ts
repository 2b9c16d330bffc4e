// What may be done to an existing source, by ksqlDB's rules: CREATE OR REPLACE never applies to
// a read-only source (CREATE SOURCE STREAM|TABLE) nor makes one; read-only sources take no
// INSERT and their topic is never deleted; INSERT INTO … SELECT writes streams only and not
// into sources with header columns; INSERT VALUES never sets a header column.
import { PlanError } from '../errors.js';
import type { SourceDef } from './catalog.js';

const lower = (k: 'STREAM' | 'TABLE'): string => k.toLowerCase();

export function checkCreate(
  kind: 'STREAM' | 'TABLE',
  name: string,
  o: { orReplace: boolean; readOnly: boolean },
  prev: SourceDef | undefined,
): void {
  if (o.orReplace && (o.readOnly || prev?.readOnly))
    throw new PlanError(
      `Cannot add ${lower(kind)} '${name}': CREATE OR REPLACE is not supported on source ${lower(kind)}s.`,
    );
}

export function checkInsertValues(def: SourceDef, columns: readonly string[] | undefined): void {
  if (def.readOnly) throw new PlanError(`Cannot insert values into read-only ${lower(def.kind)}: ${def.name}`);
  const headers = def.columns.filter((c) => c.ns === 'HEADER').map((c) => c.name);
  const named = columns === undefined ? headers : headers.filter((h) => columns.some((c) => c.toUpperCase() === h));
  if (named.length > 0) throw new PlanError(`Cannot insert into HEADER columns: ${named.join(', ')}`);
}

export function checkInsertInto(def: SourceDef): void {
  if (def.kind === 'TABLE')
    throw new PlanError(`INSERT INTO can only be used to insert into a stream. ${def.name} is a table.`);
  if (def.readOnly) throw new PlanError(`Cannot insert into read-only ${lower(def.kind)}: ${def.name}`);
  if (def.columns.some((c) => c.ns === 'HEADER'))
    throw new PlanError(`Cannot insert into ${def.name} because it has header columns`);
}

export function checkDrop(def: SourceDef, deleteTopic: boolean): void {
  if (deleteTopic && def.readOnly) throw new PlanError(`Cannot delete topic for read-only source: ${def.name}`);
}

export function checkAlter(def: SourceDef): void {
  if (def.readOnly)
    throw new PlanError(
      `Cannot alter ${lower(def.kind)} '${def.name}': ALTER operations are not supported on source ${lower(def.kind)}s.`,
    );
}
