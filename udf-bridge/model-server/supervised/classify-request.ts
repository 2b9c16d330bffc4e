// Validation of a TensorFlow Serving classify body, {"examples": [{feature: value, …}, …], "context":
// {…}} (the REST form of ClassificationRequest): each example, merged with the shared context, gives
// the model's features by their metadata names, or all of them at once as one "features" list (a
// tf.Example holding a single float list). Pure: the rows, or the first problem, naming the example.
import type { PredictParse } from '../predict-request.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A feature value: a number, or a list holding exactly one number (tf.Example's float_list). */
function scalar(v: unknown): number | undefined {
  const x = Array.isArray(v) && v.length === 1 ? v[0] : v;
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

function exampleRow(ex: Json, names: readonly string[]): number[] | string {
  const all = ex['features'];
  if (all !== undefined && !names.includes('features')) {
    if (
      !Array.isArray(all) ||
      all.length !== names.length ||
      !all.every((x) => typeof x === 'number' && Number.isFinite(x))
    )
      return `"features" must be a list of ${names.length} finite numbers`;
    return all as number[];
  }
  const row: number[] = [];
  for (const n of names) {
    if (!(n in ex)) return `feature "${n}" is missing (the model's features: ${names.join(', ')})`;
    const v = scalar(ex[n]);
    if (v === undefined) return `feature "${n}" is ${JSON.stringify(ex[n]) ?? 'undefined'}, expected a finite number`;
    row.push(v);
  }
  return row;
}

export function parseClassifyBody(text: string, featureNames: readonly string[], maxBatch: number): PredictParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `request body is not valid JSON: ${(err as Error).message}` };
  }
  if (!isObject(body)) return { ok: false, error: 'request body must be a JSON object with an "examples" field' };
  const examples = body['examples'];
  const context = body['context'] ?? {};
  if (!isObject(context)) return { ok: false, error: 'field "context" must be an object of features' };
  if (!Array.isArray(examples) || examples.length === 0)
    return { ok: false, error: 'field "examples" must be a non-empty list of feature objects' };
  if (examples.length > maxBatch)
    return {
      ok: false,
      error: `${examples.length} examples exceed the batch limit of ${maxBatch} (modelServer.maxBatch)`,
    };
  const rows: number[][] = [];
  for (let i = 0; i < examples.length; i++) {
    const ex: unknown = examples[i];
    if (!isObject(ex)) return { ok: false, error: `examples[${i}] must be an object of features` };
    const clash = Object.keys(ex).find((k) => k in context);
    if (clash) return { ok: false, error: `examples[${i}]: feature "${clash}" is also in "context"` };
    const row = exampleRow({ ...context, ...ex }, featureNames);
    if (typeof row === 'string') return { ok: false, error: `examples[${i}]: ${row}` };
    rows.push(row);
  }
  return { ok: true, rows };
}

/** TF Serving's classify result for one example: [label, score] pairs, most probable first. */
export function rankedClasses(classes: readonly string[], probs: readonly number[]): Array<[string, number]> {
  return classes.map((c, i): [string, number] => [c, probs[i]!]).sort((a, b) => b[1] - a[1]);
}
