// Validation of a TensorFlow Serving predict body, {"instances": [[f1, …, fn], …]}: pure, returning
// the rows or the first problem, which names the instance and position.
export type PredictParse = { ok: true; rows: number[][] } | { ok: false; error: string };

export function parsePredictBody(text: string, width: number, maxBatch: number): PredictParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `request body is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, error: 'request body must be a JSON object with an "instances" field' };
  const instances = (body as Record<string, unknown>)['instances'];
  if (instances === undefined)
    return {
      ok: false,
      error: 'missing field "instances" (this server accepts the row format {"instances": [[...], ...]})',
    };
  if (!Array.isArray(instances)) return { ok: false, error: 'field "instances" must be an array of feature vectors' };
  if (instances.length === 0) return { ok: false, error: 'field "instances" is empty' };
  if (instances.length > maxBatch)
    return {
      ok: false,
      error: `${instances.length} instances exceed the batch limit of ${maxBatch} (modelServer.maxBatch)`,
    };
  for (let i = 0; i < instances.length; i++) {
    const row: unknown = instances[i];
    if (!Array.isArray(row)) return { ok: false, error: `instances[${i}] must be an array of ${width} numbers` };
    if (row.length !== width)
      return { ok: false, error: `instances[${i}] has ${row.length} values, the model expects ${width}` };
    for (let j = 0; j < width; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v))
        return {
          ok: false,
          error: `instances[${i}][${j}] is ${JSON.stringify(v) ?? 'undefined'}, expected a finite number`,
        };
    }
  }
  return { ok: true, rows: instances as number[][] };
}
