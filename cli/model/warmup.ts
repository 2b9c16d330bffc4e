// The model's first training when none exists: rounds of normal traffic (the target makes them: the
// sandbox's benign hosts) while the capture runs, until HOST_WINDOWS (closed per-host windows, the
// model's input) holds enough vectors, then training from kafka:HOST_WINDOWS into
// <stateDir>/models/anomaly.
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import type { Context } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { minimumRows, trainModel, TRAIN_DEFAULTS } from '../../udf-bridge/model-server/train.js';
import { stepContext } from '../step-context.js';
import { modelDir } from './model-service.js';
import { modelJobEnv } from './job-env.js';

export const FEATURES_TOPIC = 'HOST_WINDOWS';
/** FEATURES has 11 values (docs/pipeline.md). */
const FEATURE_WIDTH = 11;
/** How long one round of normal traffic lasts (the target's `normalRound` is given it). */
export const WARMUP_ROUND = '30s';
/**
 * The false-positive rate the deployment's alert threshold is fitted at. Training's default (1 %)
 * suits an analyst's review queue; a live alert stream sees every host's window every 10 s, so
 * 1 % would mean an alert every few minutes of normal traffic. Attacks score far above either.
 */
export const ALERT_FPR = 0.0005;

/** Records in a topic now (sum of high watermarks); 0 when it does not exist yet. */
export async function topicRecordCount(bootstrap: string, topic: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'ziem-deploy',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * After a round of traffic, packets must have reached PACKETS: if the capture topic grows but the
 * engine's first query yields nothing, more rounds cannot help, so fail now and say where to look.
 */
async function requireFlowingPipeline(ctx: Context): Promise<void> {
  const bootstrap = ctx.config.kafka.bootstrap;
  const captured = await topicRecordCount(bootstrap, ctx.config.capture.topic);
  const packets = await topicRecordCount(bootstrap, 'PACKETS');
  if (captured === 0) {
    throw new ZiemError('WARMUP_NO_CAPTURE', `no packet reached ${ctx.config.capture.topic} during the warm-up`, {
      hint: 'check `ziem capture status` and the agent log under <stateDir>/capture/agent.log',
    });
  }
  if (packets === 0) {
    throw new ZiemError(
      'WARMUP_ENGINE_IDLE',
      `${captured} packets are in ${ctx.config.capture.topic} but the engine wrote none to PACKETS`,
      {
        hint: `the engine server does not read the capture topic; see ${ctx.config.stateDir}/logs/ksql.log and \`ziem ksql info\``,
      },
    );
  }
}

export interface WarmUpOptions {
  timeoutMs: number;
  /** One round of normal traffic (WARMUP_ROUND long) on the target's sandbox. */
  normalRound: () => Promise<void>;
}

export async function warmUpAndTrain(ctx: Context, o: WarmUpOptions): Promise<void> {
  const need = minimumRows(FEATURE_WIDTH);
  const deadline = ctx.clock.now() + o.timeoutMs;
  let have = await topicRecordCount(ctx.config.kafka.bootstrap, FEATURES_TOPIC);
  while (have < need) {
    if (ctx.clock.now() > deadline) {
      throw new ZiemError(
        'WARMUP_TOO_SHORT',
        `after ${o.timeoutMs} ms of normal traffic ${FEATURES_TOPIC} holds ${have} host windows; training needs ${need}`,
        {
          hint: 'check `ziem capture status` (packets flowing?) and the engine log under <stateDir>/logs/ksql.log; or raise deploy.warmupTimeoutMs',
        },
      );
    }
    ctx.log.info(
      `  warm-up: ${have}/${need} host windows in ${FEATURES_TOPIC}; ${WARMUP_ROUND} more of normal traffic`,
    );
    await o.normalRound();
    have = await topicRecordCount(ctx.config.kafka.bootstrap, FEATURES_TOPIC);
    await requireFlowingPipeline(ctx);
  }
  const meta = await trainModel(modelJobEnv(stepContext(ctx)), {
    input: `kafka:${FEATURES_TOPIC}`,
    out: modelDir(ctx.config.stateDir),
    ...TRAIN_DEFAULTS,
    fpr: ALERT_FPR,
  });
  ctx.log.info(`  trained on ${meta.training.rows} host windows into ${modelDir(ctx.config.stateDir)}`);
}
