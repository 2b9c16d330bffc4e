// The id strings of grouping keys, made once per distinct key: an aggregation finds a row's group
// by an id built from its key values (valueKey of each part), and building it per record cost a
// number-to-text conversion and a concatenation per part, and a hash of a new string per lookup.
// Here keys whose parts are strings, numbers or booleans find their id through nested maps keyed by
// the values themselves (one level per part); the id, built the first time by the same code, is
// then the same string object every time (its hash computed once). Other parts (bigints, bytes,
// structures) build the id as before. Map keys compare as valueKey does for these types: a string
// never equals a number, 0 equals -0 and NaN equals NaN.
import { valueKey, type Value } from '../../types/values.js';

/** The id of a grouping key as the aggregation operators compare them (and changelogs store). */
export function keyIdOf(key: readonly Value[]): string {
  if (key.length === 1) return valueKey(key[0]!);
  let id = '';
  for (let i = 0; i < key.length; i++) id += valueKey(key[i]!) + '\u0001';
  return id;
}

type Node = Map<unknown, unknown>;

const cacheable = (v: Value | undefined): boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Ids of keys with a fixed number of parts; at most `limit` are kept (then it starts over). */
export class KeyIds {
  private root: Node = new Map();
  private count = 0;

  constructor(
    private readonly parts: number,
    private readonly limit = 1 << 17,
  ) {}

  /** keyIdOf(key): `key` has `parts` values, none null. */
  id(key: readonly Value[]): string {
    const last = this.parts - 1;
    let node = this.root;
    for (let i = 0; i < last; i++) {
      const v = key[i];
      if (!cacheable(v)) return keyIdOf(key);
      let next = node.get(v) as Node | undefined;
      if (next === undefined) node.set(v, (next = new Map()));
      node = next;
    }
    const v = key[last];
    if (!cacheable(v)) return keyIdOf(key);
    let id = node.get(v) as string | undefined;
    if (id === undefined) {
      id = keyIdOf(key);
      if (this.count >= this.limit) {
        // many distinct keys (a spoofed flood): drop the cache rather than grow without bound
        this.root = new Map();
        this.count = 0;
        return id;
      }
      node.set(v, id);
      this.count++;
    }
    return id;
  }
}
