// CREATE TYPE / DROP TYPE: the session's named types (ksqlDB's type registry) and their use.
// A statement's type names are replaced by the registered types before it is planned, so every
// later phase sees only built-in types; a name not registered stays and fails where it is used.
import { PlanError } from '../errors.js';
import type { SqlType as AstType, Statement } from '../syntax/index.js';
import { printType } from '../syntax/print-type.js';

export class TypeRegistry {
  private readonly types = new Map<string, AstType>();

  get size(): number {
    return this.types.size;
  }

  register(name: string, type: AstType, ifNotExists: boolean): string {
    const key = name.toUpperCase();
    const prev = this.types.get(key);
    if (prev) {
      if (ifNotExists) return `Type ${key} already exists.`;
      throw new PlanError(
        `Cannot register custom type '${key}' since it is already registered with type: ${printType(prev)}`,
      );
    }
    this.types.set(key, this.resolve(type));
    return `Registered custom type with name '${key}' and SQL type ${printType(this.types.get(key)!)}`;
  }

  drop(name: string, ifExists: boolean): string {
    const key = name.toUpperCase();
    if (!this.types.delete(key)) {
      if (ifExists) return `Type ${key} does not exist.`;
      throw new PlanError(`Type ${key} does not exist.`);
    }
    return `Dropped type '${key}'`;
  }

  /** The statement with every registered type name replaced by its type. */
  resolveIn<S extends Statement>(s: S): S {
    return this.types.size === 0 ? s : (this.replace(s) as S);
  }

  private resolve(t: AstType): AstType {
    return this.replace(t) as AstType;
  }

  private replace(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((x) => this.replace(x));
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (o['kind'] === 'CustomType') return this.types.get(String(o['name']).toUpperCase()) ?? node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = this.replace(v);
    return out;
  }
}
