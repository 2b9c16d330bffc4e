// An in-memory Schema Registry (the QTT runner's and the in-memory driver's, as ksqlDB's test
// harness runs against MockSchemaRegistryClient): one id per distinct schema (one more than the
// highest so far unless the caller gives it), versions count from 1 per subject.
import { PlanError } from '../../errors.js';
import type { RegisteredSchema, SchemaRegistry, SchemaType } from './schema-registry.js';

export class MemorySchemaRegistry implements SchemaRegistry {
  private readonly ids = new Map<string, number>();
  private readonly schemas = new Map<
    number,
    { schemaType: SchemaType; schema: string; subject: string; dependencies?: Readonly<Record<string, string>> }
  >();
  private readonly subjects = new Map<string, number[]>();

  /** `id`: the id to give the schema (as a registry in IMPORT mode takes it, and ksqlDB's QTT
   *  topics' keySchemaId/valueSchemaId ask: the same schema may then have several ids); otherwise
   *  the schema's id when it has one, else one more than the highest. `dependencies`: a PROTOBUF
   *  schema's imported files by name (a QTT case's schema references). */
  register(
    subject: string,
    schemaType: SchemaType,
    schema: string,
    id?: number,
    dependencies?: Readonly<Record<string, string>>,
  ): number {
    const key = `${schemaType}\u0000${schema}\u0000${JSON.stringify(dependencies ?? {})}`;
    const deps = dependencies && Object.keys(dependencies).length > 0 ? { dependencies } : {};
    if (id !== undefined) {
      const held = this.schemas.get(id);
      if (held && (held.schemaType !== schemaType || held.schema !== schema))
        throw new PlanError(`schema registry: id ${id} already names another schema (subject ${held.subject})`);
      if (!held) this.schemas.set(id, { schemaType, schema, subject, ...deps });
      if (!this.ids.has(key)) this.ids.set(key, id);
    } else {
      id = this.ids.get(key);
      if (id === undefined) {
        id = Math.max(0, ...this.schemas.keys()) + 1;
        this.ids.set(key, id);
        this.schemas.set(id, { schemaType, schema, subject, ...deps });
      }
    }
    const versions = this.subjects.get(subject) ?? [];
    if (!versions.includes(id)) versions.push(id);
    this.subjects.set(subject, versions);
    return id;
  }

  latest(subject: string): RegisteredSchema | undefined {
    const versions = this.subjects.get(subject);
    if (!versions || versions.length === 0) return undefined;
    const id = versions[versions.length - 1]!;
    const s = this.schemas.get(id)!;
    return { ...s, id, subject, version: versions.length };
  }

  byId(id: number): RegisteredSchema | undefined {
    const s = this.schemas.get(id);
    if (!s) return undefined;
    const version = (this.subjects.get(s.subject) ?? []).indexOf(id) + 1;
    return { ...s, id, version };
  }

  /** Every subject with at least one version, sorted. */
  allSubjects(): string[] {
    return [...this.subjects.keys()].sort();
  }
}
