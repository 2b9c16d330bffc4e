// The whole pipeline as the local stack runs it, for the pipeline benchmark: Kafka, Connect, Neo4j
// and the embedded engine's ksqlDB server on Kafka (all on free ports, a state dir of its own), the
// ksql/ migrations up to the last one before the model (ANOMALY_SCORE needs a trained model and the
// model server, which this benchmark leaves out), the graph schema and the connectors/ sinks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeContext, type Context } from '../../cli/context.js';
import { ephemeralConfig } from '../../cli/stack/ephemeral-config.js';
import { projectRoot } from '../../cli/stack/layout.js';
import { startStack } from '../../cli/stack/up.js';
import { stopStack } from '../../cli/stack/down.js';
import { discoverMigrations } from '../../cli/ksql/migration-files.js';
import { applyConnectors, applyGraph, applyMigrations } from '../../cli/targets/platform-steps.js';
import { callsModel, targetVersion } from '../../cli/targets/local/plan.js';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';

export interface PipelineStack {
  ctx: Context;
  kafka: Kafka;
  /** The engine server's process (its RSS is the engine's). */
  enginePid: number;
  neo4jPid: number;
  stop(): Promise<void>;
}

/** The sinks subscribe by name: a topic created after them is seen only at their next metadata refresh (5 min). */
async function sinkTopicsExist(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const topics = await admin.listTopics();
      if (['FLOWS', 'ALERTS'].every((t) => topics.includes(t))) return;
      if (Date.now() > deadline) throw new Error('the pipeline did not create FLOWS and ALERTS within 60 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

/** A client of the stack's Kafka, once the capture agent's topic exists (as before the migrations
 *  run; broker default: one partition). */
export async function captureTopicReady(ctx: Context): Promise<Kafka> {
  const kafka = new Kafka({
    clientId: 'ziem-pipeline-bench',
    brokers: [ctx.config.kafka.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: ctx.config.capture.topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return kafka;
}

/** The ksql/ migrations up to the last one before the model (no trained model here). */
export async function applyRules(ctx: Context): Promise<void> {
  const files = discoverMigrations(ctx.config.ksql.migrationsDir).files.map((f) => ({
    version: f.version,
    fileName: f.fileName,
    callsModel: callsModel(f.text),
  }));
  await applyMigrations(ctx, { version: targetVersion(files, false).rulesVersion, model: false });
}

export async function startPipeline(label: string): Promise<PipelineStack> {
  const stateDir = mkdtempSync(join(tmpdir(), `ziem-pipeline-bench-${label}-`));
  const config = await ephemeralConfig(stateDir, {
    // the heaps `ziem stack up` gives by default
    'kafka.heapMb': 512,
    'connect.heapMb': 512,
    'neo4j.heapMb': 512,
    'sandbox.cidr': '10.0.0.0/8',
    'ksql.migrationsDir': join(projectRoot(), 'ksql'),
    'connectors.dir': join(projectRoot(), 'connectors'),
  });
  const ctx = makeContext({ config, stdout: process.stderr, stderr: process.stderr, env: process.env });
  const stop = async (): Promise<void> => {
    await stopStack(ctx, { purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const up = await startStack(ctx);
    const pid = (name: string): number => up.components.find((c) => c.name === name)?.pid ?? 0;
    const kafka = await captureTopicReady(ctx);
    await applyRules(ctx);
    await sinkTopicsExist(kafka);
    await applyGraph(ctx);
    await applyConnectors(ctx);
    return { ctx, kafka, enginePid: pid('ksql'), neo4jPid: pid('neo4j'), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
