// Where feature records come from: a JSON-lines file, or `kafka:<topic>` on the configured broker.
import { readFile } from 'node:fs/promises';
import { parseFeatureLines, type FeatureSet } from './feature-records.js';
import { readFeatureTopic } from './kafka-source.js';
import { ModelError } from './model-error.js';

export const KAFKA_PREFIX = 'kafka:';

export async function loadFeatures(
  input: string,
  o: { bootstrap: string; wantLabel: boolean; timeoutMs?: number },
): Promise<FeatureSet> {
  if (input.startsWith(KAFKA_PREFIX)) {
    const topic = input.slice(KAFKA_PREFIX.length);
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic))
      throw new ModelError('MODEL_INPUT', `--input ${input}: "${topic}" is not a Kafka topic name`);
    return readFeatureTopic({
      bootstrap: o.bootstrap,
      topic,
      timeoutMs: o.timeoutMs ?? 60_000,
      wantLabel: o.wantLabel,
    });
  }
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (err) {
    throw new ModelError(
      'MODEL_INPUT',
      `cannot read --input ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      {
        cause: err,
        hint: `give a JSON-lines file, or ${KAFKA_PREFIX}<topic> to read a Kafka topic`,
      },
    );
  }
  return parseFeatureLines(text, input, o.wantLabel);
}
