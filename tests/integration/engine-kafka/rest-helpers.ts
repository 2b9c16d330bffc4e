// REST helpers of the engine-on-Kafka tests: POST /ksql with properties, failing loudly with the
// server's answer, so a test reads as the statements it sends.
export async function ksql(
  url: string,
  sql: string,
  props: Record<string, string> = {},
): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${url}/ksql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.ksql.v1+json' },
    body: JSON.stringify({ ksql: sql, streamsProperties: props }),
  });
  const body = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`POST /ksql ${sql.slice(0, 80)} → ${res.status} ${JSON.stringify(body)}`);
  return body as Array<Record<string, unknown>>;
}

export const EARLIEST = { 'auto.offset.reset': 'earliest' };
