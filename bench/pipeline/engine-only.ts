// The pipeline benchmark's engine-only run (`npm run bench -- pipeline --engine-only`): Kafka and the
// embedded engine's server on the Kafka driver (started as the stack starts it, optionally with the
// engine binary and Node flags of `--engine-bin` / `--engine-node-args`, e.g. --cpu-prof), the
// ksql/ migrations up to the last before the model, then `--cost-packets` tshark-shaped packets
// written to the capture topic at once; timed from the first write until every query has consumed
// everything (consumer lag 0 over all their input topics): records/s of the whole pipeline, no
// Connect nor Neo4j beside it.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Admin } from 'kafkajs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchResult } from '../bench-result.js';
import type { PipelineFlags } from './bench-flags.js';
import { makeContext } from '../../cli/context.js';
import { ephemeralConfig } from '../../cli/stack/ephemeral-config.js';
import { projectRoot } from '../../cli/stack/layout.js';
import { startStack } from '../../cli/stack/up.js';
import { stopStack } from '../../cli/stack/down.js';
import { ksqlServeCommand, ksqlInfo } from '../../cli/stack/component-ksql.js';
import { DnsLookups, NormalTraffic } from './packets.js';
import { readLag, rssMb } from './observe.js';
import { applyRules, captureTopicReady } from './pipeline-stack.js';
import { writeAtOnce } from './load.js';

/** User plus system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

const log = (s: string): void => void process.stderr.write(`pipeline: ${s}\n`);

async function untilHealthy(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the engine server exited with ${child.exitCode}:\n${stderr()}`);
    if ((await ksqlInfo(url, 2_000)).healthy) return;
    if (Date.now() > deadline) throw new Error(`the engine server did not answer in 120 s:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Records in the engine's topics (outputs and internal) and in its changelogs, the capture left out. */
async function recordsWritten(admin: Admin, capture: string): Promise<{ topics: number; changelogs: number }> {
  const out = { topics: 0, changelogs: 0 };
  for (const t of await admin.listTopics()) {
    if (t === capture || t.startsWith('__') || (t.startsWith('_confluent-ksql-') && t.endsWith('_command_topic')))
      continue;
    const n = (await admin.fetchTopicOffsets(t)).reduce((a, p) => a + Number(p.high) - Number(p.low), 0);
    if (t.endsWith('-changelog')) out.changelogs += n;
    else out.topics += n;
  }
  return out;
}

export async function engineOnly(f: PipelineFlags, hosts: number): Promise<BenchResult> {
  const stateDir = mkdtempSync(join(tmpdir(), `ziem-pipeline-engine-${hosts}-`));
  const config = await ephemeralConfig(stateDir, {
    'kafka.heapMb': 512,
    'sandbox.cidr': '10.0.0.0/8',
    'ksql.migrationsDir': join(projectRoot(), 'ksql'),
  });
  const ctx = makeContext({ config, stdout: process.stderr, stderr: process.stderr, env: process.env });
  let child: ChildProcess | undefined;
  try {
    const up = await startStack(ctx, { components: ['kafka'] });
    const brokerPid = up.components.find((c) => c.name === 'kafka')?.pid ?? 0;
    const kafka = await captureTopicReady(ctx);
    const admin = kafka.admin();
    await admin.connect();
    const cmd = ksqlServeCommand(config);
    const args = [...f.engineNodeArgs, ...(f.engineBin ? [resolve(f.engineBin), ...cmd.args.slice(1)] : cmd.args)];
    let err = '';
    child = spawn(cmd.file, args, {
      cwd: stateDir,
      env: { ...process.env, ...cmd.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-20_000)));
    await untilHealthy(config.ksql.url, child, () => err);
    await applyRules(ctx);
    const topic = config.capture.topic;
    const traffic = f.traffic === 'dns' ? new DnsLookups(hosts) : new NormalTraffic(hosts);
    const producer = kafka.producer();
    await producer.connect();
    const start = await readLag(admin, topic);
    const cpu0 = cpuSeconds(child.pid!);
    const broker0 = cpuSeconds(brokerPid);
    const t0 = Date.now();
    await writeAtOnce(producer, topic, traffic, f.costPackets);
    await producer.disconnect();
    const writeS = (Date.now() - t0) / 1000;
    let engineSeconds = 0;
    let lag = start;
    let maxRss = 0;
    while (Date.now() - t0 < f.costLimitS * 1000) {
      lag = await readLag(admin, topic);
      maxRss = Math.max(maxRss, rssMb(child.pid!));
      if (lag.captureCommitted - start.captureCommitted >= f.costPackets && lag.engine === 0) {
        engineSeconds = (Date.now() - t0) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const cpuS = cpuSeconds(child.pid!) - cpu0;
    const brokerS = cpuSeconds(brokerPid) - broker0;
    const written = await recordsWritten(admin, topic);
    await admin.disconnect();
    const done = engineSeconds > 0;
    const secs = done ? engineSeconds : (Date.now() - t0) / 1000;
    log(
      `engine only, ${f.costPackets} ${f.traffic} packets from ${hosts} hosts (written in ${writeS.toFixed(1)} s): ${done ? `done in ${secs.toFixed(1)} s` : `not done in ${f.costLimitS} s (lag ${lag.engine})`}, ${Math.round(f.costPackets / secs)}/s, ${cpuS.toFixed(1)} CPU s, max RSS ${maxRss} MB`,
    );
    return {
      bench: 'pipeline.engine_only_records_per_s',
      unit: 'records/s',
      value: Math.round((done ? f.costPackets : lag.captureCommitted - start.captureCommitted) / secs),
      hosts,
      packets: f.costPackets,
      traffic: f.traffic,
      engine_done: done,
      engine_s: Math.round(secs * 10) / 10,
      write_s: Math.round(writeS * 10) / 10,
      topic_records: written.topics,
      changelog_records: written.changelogs,
      max_rss_mb: maxRss,
      // CPU the engine process used over the run: less sensitive than wall time to a busy machine
      engine_cpu_s: Math.round(cpuS * 10) / 10,
      records_per_cpu_s: Math.round(f.costPackets / cpuS),
      broker_cpu_s: Math.round(brokerS * 10) / 10,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await stopStack(ctx, { purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}
