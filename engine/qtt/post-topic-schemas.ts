// QTT `post.topics.topics`: the schemas ksqlDB's runner finds registered for a topic's key and
// value (subjects `<topic>-key`, `<topic>-value`) must equal the case's `keySchema`/`valueSchema`,
// compared as parsed documents (object members in any order), as the registry's schemas compare.
import { subjectOf, type SchemaRegistry } from '../exec/serde/schema-registry.js';
import { stringifyJson } from '../types/exact-json.js';

export interface PostTopic {
  name: string;
  keySchema?: unknown;
  valueSchema?: unknown;
}

function sameDocument(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameDocument(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => sameDocument((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // a protobuf schema is text
  }
}

export function checkTopicSchemas(topics: readonly PostTopic[], registry: SchemaRegistry): string[] {
  const problems: string[] = [];
  for (const t of topics) {
    for (const [isKey, want] of [
      [true, t.keySchema],
      [false, t.valueSchema],
    ] as const) {
      if (want === undefined || want === null) continue;
      const subject = subjectOf(t.name, isKey);
      const got = registry.latest(subject);
      const expected = typeof want === 'string' ? parsed(want) : want;
      if (!got) problems.push(`post: no schema registered under ${subject}, expected ${stringifyJson(expected)}`);
      else if (!sameDocument(parsed(got.schema), expected))
        problems.push(`post: ${subject} schema\n    expected ${stringifyJson(expected)}\n    actual   ${got.schema}`);
    }
  }
  return problems;
}
