// Reads JSON records from a JSON-lines file or `kafka:<topic>` and decodes each with the caller's
// decoder; every problem names file:line or topic[partition]@offset, and the first few are reported
// together. The dataset builder reads host windows and ground truth through it.
import { readFile } from 'node:fs/promises';
import { KAFKA_PREFIX } from '../feature-source.js';
import { readTopicToEnd } from '../kafka-source.js';
import { ModelError } from '../model-error.js';

const MAX_REPORTED = 5;

export type Decoder<T> = (value: unknown) => T | string;

export interface JsonSourceOptions {
  bootstrap: string;
  timeoutMs?: number;
  /** the flag the source came from, for messages: --from, --labels */
  flag: string;
}

function decodeOne<T>(text: string, decode: Decoder<T>): T | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  return decode(value);
}

export async function readJsonRecords<T>(source: string, decode: Decoder<T>, o: JsonSourceOptions): Promise<T[]> {
  const out: T[] = [];
  const problems: string[] = [];
  const take = (where: string, text: string): boolean => {
    const r = decodeOne(text, decode);
    if (typeof r === 'string') problems.push(`${where}: ${r}`);
    else out.push(r);
    return problems.length < MAX_REPORTED;
  };
  if (source.startsWith(KAFKA_PREFIX)) {
    const topic = source.slice(KAFKA_PREFIX.length);
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic))
      throw new ModelError('MODEL_INPUT', `${o.flag} ${source}: "${topic}" is not a Kafka topic name`);
    await readTopicToEnd({ bootstrap: o.bootstrap, topic, timeoutMs: o.timeoutMs ?? 60_000 }, take);
  } else {
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      throw new ModelError(
        'MODEL_INPUT',
        `cannot read ${o.flag} ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        { cause: err, hint: `give a JSON-lines file, or ${KAFKA_PREFIX}<topic> to read a Kafka topic` },
      );
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line !== '' && !take(`${source}:${i + 1}`, line)) break;
    }
  }
  if (problems.length > 0)
    throw new ModelError('MODEL_INPUT', `malformed records in ${o.flag} ${source}:\n  ${problems.join('\n  ')}`);
  return out;
}
