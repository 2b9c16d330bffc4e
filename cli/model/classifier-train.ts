// The deployment's attack classifier: when the simulator's ground truth (ziem-attack-labels) holds
// attack runs, deploy joins HOST_WINDOWS to it (`ziem model dataset`) and trains the classifier
// (`ziem model train --supervised`) into <stateDir>/models/attack-class, where the model server
// picks it up without a restart. What a run of the campaign leaves is what this reads.
import { join } from 'node:path';
import type { Context } from '../context.js';
import { LABELS_TOPIC } from '../sandbox/attacks/labels.js';
import { buildDataset } from '../../udf-bridge/model-server/supervised/dataset.js';
import { readJsonRecords } from '../../udf-bridge/model-server/supervised/json-source.js';
import { decodeRunLabel, NORMAL_CLASS } from '../../udf-bridge/model-server/supervised/labelled-windows.js';
import { trainSupervised } from '../../udf-bridge/model-server/supervised/train-supervised.js';
import { TRAIN_DEFAULTS } from '../../udf-bridge/model-server/train.js';
import { modelJobEnv } from './job-env.js';
import { modelsDir } from './model-service.js';
import { stepContext } from '../step-context.js';
import { FEATURES_TOPIC, topicRecordCount } from './warmup.js';

/** The classifier's model name: the engine's ATTACK_CLASS asks the model server for it. */
export const CLASSIFIER_NAME = 'attack-class';

export const classifierDir = (stateDir: string): string => join(modelsDir(stateDir), CLASSIFIER_NAME);

/** Attack runs (every ground-truth record but normal traffic's) on the labels topic; 0 without the topic. */
export async function attackRunCount(ctx: Context): Promise<number> {
  const bootstrap = ctx.config.kafka.bootstrap;
  if ((await topicRecordCount(bootstrap, LABELS_TOPIC)) === 0) return 0;
  const labels = await readJsonRecords(`kafka:${LABELS_TOPIC}`, decodeRunLabel, { bootstrap, flag: '--labels' });
  return labels.filter((l) => l.scenario !== NORMAL_CLASS).length;
}

/** The dataset (kept beside the model, for `ziem model evaluate`) and the classifier trained on it. */
export async function trainDeploymentClassifier(ctx: Context): Promise<void> {
  const env = modelJobEnv(stepContext(ctx));
  const out = classifierDir(ctx.config.stateDir);
  const dataset = join(modelsDir(ctx.config.stateDir), `${CLASSIFIER_NAME}-dataset.jsonl`);
  const s = await buildDataset(env, { from: `kafka:${FEATURES_TOPIC}`, labels: `kafka:${LABELS_TOPIC}`, out: dataset });
  ctx.log.info(`  ${s.windows} windows of ${s.runs} runs in ${Object.keys(s.byClass).length} classes → ${dataset}`);
  const meta = await trainSupervised(env, { input: dataset, out, ...TRAIN_DEFAULTS });
  const f1 = meta.heldOut?.macroF1;
  ctx.log.info(
    `  classifier (${meta.classes.length} classes) written to ${out}` +
      (f1 === undefined ? '' : `; held-out macro F1 ${f1.toFixed(3)}`),
  );
}
