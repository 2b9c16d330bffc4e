// The metastore: streams and tables with their columns, topic, formats, window and timestamp
// settings. Planning reads it; DDL and CSAS/CTAS write it. Knows nothing of running queries.
import { PlanError } from '../errors.js';
import type { SqlType } from '../types/sql-types.js';
import { TypeRegistry } from './custom-types.js';

export type Namespace = 'KEY' | 'VALUE' | 'HEADER';

/** How PROTOBUF_NOSR keeps NULLs (`*_PROTOBUF_NULLABLE_REPRESENTATION`); unset, proto3 cannot. */
export type NullableRepresentation = 'OPTIONAL' | 'WRAPPER';

export interface Column {
  name: string;
  type: SqlType;
  ns: Namespace;
  /** For HEADER('k') columns: the header key; absent for HEADERS (all headers). */
  headerKey?: string;
}

export type WindowType = 'TUMBLING' | 'HOPPING' | 'SESSION';

export interface WindowInfo {
  type: WindowType;
  /** Size in ms for time windows. */
  sizeMs?: number;
}

export interface SourceDef {
  name: string;
  kind: 'STREAM' | 'TABLE';
  topic: string;
  keyFormat: string;
  valueFormat: string;
  columns: Column[];
  window?: WindowInfo;
  timestampColumn?: string;
  timestampFormat?: string;
  wrapSingleValue: boolean;
  valueDelimiter: string;
  keyDelimiter: string;
  /** PROTOBUF_NOSR's KEY_/VALUE_PROTOBUF_NULLABLE_REPRESENTATION, when set. */
  keyNullable?: NullableRepresentation;
  valueNullable?: NullableRepresentation;
  /** AVRO/PROTOBUF KEY_/VALUE_SCHEMA_FULL_NAME (AVRO: VALUE_AVRO_SCHEMA_FULL_NAME), when set: AVRO the
   *  name of the own schema's record; PROTOBUF the message of the registered schema the
   *  source's records are of (its columns were inferred from it; QTT writes its inputs with it). */
  keySchemaFullName?: string;
  valueSchemaFullName?: string;
  /** KEY_/VALUE_SCHEMA_ID (AVRO, JSON_SR, PROTOBUF) on the CREATE (or a CREATE ... AS SELECT's
   *  sink): the registered schema the source's writers write with. */
  keySchemaId?: number;
  valueSchemaId?: number;
  partitions: number;
  statement: string;
  /** CREATE SOURCE STREAM|TABLE: no INSERT, no CREATE OR REPLACE, no ALTER, topic kept on DROP. */
  readOnly?: boolean;
  /** The persistent query writing into this source (CSAS/CTAS), if any. */
  writerQueryId?: string;
}

export class Catalog {
  private readonly sources = new Map<string, SourceDef>();
  /** CREATE TYPE's named types (shared with clones: validation does not register types). */
  types = new TypeRegistry();

  get(name: string): SourceDef | undefined {
    return this.sources.get(name);
  }

  require(name: string): SourceDef {
    const s = this.sources.get(name);
    if (!s) throw new PlanError(`${name} does not exist.`);
    return s;
  }

  put(def: SourceDef): void {
    this.sources.set(def.name, def);
  }

  remove(name: string): void {
    this.sources.delete(name);
  }

  all(): SourceDef[] {
    return [...this.sources.values()];
  }

  /** A copy to validate statements against without touching the live catalog. */
  clone(): Catalog {
    const c = new Catalog();
    c.types = this.types;
    for (const s of this.sources.values()) c.put({ ...s, columns: [...s.columns] });
    return c;
  }
}
