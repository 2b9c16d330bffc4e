// Remote scalar functions: ARRAY<DOUBLE> → DOUBLE answered by a TF Serving `:predict` call
// (ANOMALY_SCORE), or → STRUCT<LABEL, PROBABILITY>, the top class of a `:classify` call (ATTACK_CLASS). Operators are synchronous, so a call looks its argument up in the results of the
// record being processed and, on a miss, throws RemoteCallPending; engine/runtime/remote-record.ts
// makes the call and runs the record again. The HTTP side is the RemoteInvoker (runtime).
import { ConfigError } from '../../../core/errors/ziem-error.js';
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { T } from '../../types/sql-types.js';
import { defineFunction, type FunctionDef, type FunctionRegistry } from './registry.js';
import { sig } from './signature.js';
import type { RemoteFunctionSettings } from './remote-settings.js';

/** One predict call a record needs: `key` identifies function and argument within the record. */
export interface RemoteCall {
  fn: string;
  key: string;
  features: number[];
}

/** The score or class, or null and why (timeout, HTTP status, circuit open…) for the processing log. */
export type RemoteOutcome = { value: Exclude<Value, null> } | { value: null; problem: string };

export interface RemoteInvoker {
  invoke(call: RemoteCall): Promise<RemoteOutcome>;
  close(): void;
}

/** Control flow, not a failure: the expression layer must let it through (Engine.compileContext). */
export class RemoteCallPending extends Error {
  constructor(readonly call: RemoteCall) {
    super(`remote call to ${call.fn} pending`);
    this.name = 'RemoteCallPending';
  }
}

/** Results of the record being processed; set only while a record runs through its pipeline. */
export interface RemoteSlot {
  current: Map<string, Value> | undefined;
}

/** What an engine knows of its remote functions: settings by upper-case name, the slot, the invoker. */
export class RemoteBinding {
  readonly slot: RemoteSlot = { current: undefined };
  readonly settings: ReadonlyMap<string, RemoteFunctionSettings>;

  constructor(
    settings: RemoteFunctionSettings[],
    readonly invoker: RemoteInvoker,
  ) {
    this.settings = new Map(settings.map((s) => [s.name, s]));
  }

  isRemote(name: string): boolean {
    return this.settings.has(name.toUpperCase());
  }

  /** Remote functions called anywhere in a plan or statement (including lambdas), upper case. */
  usedIn(tree: unknown): string[] {
    const found = new Set<string>();
    const seen = new WeakSet<object>();
    const walk = (v: unknown): void => {
      if (v === null || typeof v !== 'object' || seen.has(v)) return;
      seen.add(v);
      if (Array.isArray(v)) return v.forEach(walk);
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'FunctionCall' && typeof o['name'] === 'string' && this.isRemote(o['name']))
        found.add(o['name'].toUpperCase());
      for (const x of Object.values(o)) walk(x);
    };
    walk(tree);
    return [...found].sort();
  }
}

export const REMOTE_DESCRIPTION =
  'Score of a feature vector from a model server (TensorFlow Serving REST :predict); null when the server cannot answer in time.';
export const CLASSIFY_DESCRIPTION =
  'Most probable class of a feature vector and its probability, from a model server (TensorFlow Serving REST :classify); null when the server cannot answer in time.';
/** What a classify function returns: TF Serving's [label, score] of the top class. */
export const CLASS_TYPE = 'STRUCT<LABEL STRING, PROBABILITY DOUBLE>';
const CLASS_SQL_TYPE = T.struct([
  { name: 'LABEL', type: T.STRING },
  { name: 'PROBABILITY', type: T.DOUBLE },
]);

/** The description and return type of a remote function, by kind (DESCRIBE FUNCTION shows them). */
export const remoteShape = (s: RemoteFunctionSettings): { description: string; returnType: string } =>
  s.kind === 'classify'
    ? { description: CLASSIFY_DESCRIPTION, returnType: CLASS_TYPE }
    : { description: REMOTE_DESCRIPTION, returnType: 'DOUBLE' };

export const REMOTE_ARGUMENT = {
  name: 'features',
  type: 'ARRAY<DOUBLE>',
  description: "the feature vector, e.g. HOST_ACTIVITY's FEATURES",
  isVariadic: false,
};

/** The vector to send, or undefined when there is nothing to score (the Java UDF's nulls: no call). */
function features(v: Value): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) return undefined;
  return v as number[];
}

function remoteScalar(s: RemoteFunctionSettings, slot: RemoteSlot): FunctionDef {
  const call = (args: Value[]): Value => {
    const f = features(args[0] ?? null);
    if (f === undefined) return null;
    const results = slot.current;
    // outside a record (INSERT … VALUES, a pull query) no call can be awaited: the expression fails
    if (results === undefined)
      throw new RecordError(`${s.name} is a remote function: it can only be evaluated by a persistent or push query`);
    const key = `${s.name}(${f.join(',')})`;
    const hit = results.get(key);
    if (hit !== undefined) return hit;
    throw new RemoteCallPending({ fn: s.name, key, features: f });
  };
  const { description } = remoteShape(s);
  const params = [`${REMOTE_ARGUMENT.type} ${REMOTE_ARGUMENT.name}`];
  return defineFunction(s.name, 'OTHER', description, [
    s.kind === 'classify'
      ? sig(params, 'STRUCT', call, { description, returnType: () => CLASS_SQL_TYPE })
      : sig(params, 'DOUBLE', call, { description }),
  ]);
}

/** Registers every configured remote function on `registry`; a name taken by a built-in is refused. */
export function registerRemoteFunctions(registry: FunctionRegistry, binding: RemoteBinding): void {
  for (const s of binding.settings.values()) {
    if (registry.has(s.name)) {
      throw new ConfigError([
        `ksql.functions.${s.name.toLowerCase()}.url: ${s.name} is a built-in function; a remote function needs a name of its own`,
      ]);
    }
    registry.register(remoteScalar(s, binding.slot));
  }
  registry.remote = binding;
}
