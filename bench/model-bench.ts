// Model benchmarks: predict latency (single vector) and throughput (batches of 256) over HTTP on
// loopback against `ziem model serve` in a child process, each beside the same predict done
// in-process with TF.js; and ANOMALY_SCORE call latency from Java. Needs the built dist/ and mvn.
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { execa, type ResultPromise } from 'execa';
import { loadScorer, type Scorer } from '../udf-bridge/model-server/scorer.js';
import type { BenchResult } from './bench-result.js';

function repoRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'udf-bridge'))) dir = join(dir, '..');
  return dir;
}

const VECTOR = [490, 92610, 4, 1, 0.0286, 0.0005, 0.0284, 14];
const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function post(agent: Agent, port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString())
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function startServer(root: string, models: string): Promise<{ port: number; child: ResultPromise }> {
  const child = execa(
    process.execPath,
    [join(root, 'dist/cli/bin.js'), '--json', 'model', 'serve', '--models', models, '--port', '0'],
    { cwd: models, env: { ZIEM_MODEL_TOKEN: '' }, reject: false },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
    void child.then((r) => reject(new Error(`model server exited: ${String(r.stderr)}`)));
  });
  return { port: Number(new URL((JSON.parse(line) as { url: string }).url).port), child };
}

async function timeIt(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(ms(t0));
  }
  return out;
}

async function httpBenches(port: number, scorer: Scorer): Promise<BenchResult[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const single = JSON.stringify({ instances: [VECTOR] });
  const batchRows = Array.from({ length: 256 }, (_, i) => VECTOR.map((v) => v * (1 + (i % 7) / 10)));
  const batch = JSON.stringify({ instances: batchRows });
  const path = '/v1/models/anomaly:predict';
  await timeIt(300, () => post(agent, port, path, single));
  await timeIt(300, () => scorer.score([VECTOR]));
  const httpSingle = p99(await timeIt(2000, () => post(agent, port, path, single)));
  const localSingle = p99(await timeIt(2000, () => scorer.score([VECTOR])));
  const rounds = 200;
  const perSec = (t: number[]): number => (256 * rounds) / (t.reduce((s, v) => s + v, 0) / 1000);
  await timeIt(30, () => post(agent, port, path, batch));
  const httpBatch = perSec(await timeIt(rounds, () => post(agent, port, path, batch)));
  const localBatch = perSec(await timeIt(rounds, () => scorer.score(batchRows)));
  agent.destroy();
  return [
    {
      bench: 'model.predict.single_p99_ms',
      unit: 'ms',
      value: httpSingle,
      baseline: localSingle,
      ratio: httpSingle / localSingle,
    },
    {
      bench: 'model.predict.batch_per_s',
      unit: 'predictions/s',
      value: httpBatch,
      baseline: localBatch,
      ratio: httpBatch / localBatch,
    },
  ];
}

async function udfBench(root: string, port: number, localSingle: number): Promise<BenchResult> {
  const java = join(root, 'udf-bridge/java');
  if (
    !existsSync(join(java, 'target/test-classpath.txt')) ||
    !existsSync(join(java, 'target/test-classes/dev/ziem/udf/UdfCallBench.class'))
  ) {
    await execa('mvn', ['-B', '-q', '-DskipTests', 'package'], { cwd: java });
  }
  const cp = [
    join(java, 'target/classes'),
    join(java, 'target/test-classes'),
    readFileSync(join(java, 'target/test-classpath.txt'), 'utf8').trim(),
  ].join(':');
  const res = await execa('java', [
    '-cp',
    cp,
    'dev.ziem.udf.UdfCallBench',
    `http://127.0.0.1:${port}`,
    'anomaly',
    '3000',
  ]);
  const r = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { p99: number; nulls: number };
  if (r.nulls > 0) throw new Error(`ANOMALY_SCORE returned null ${r.nulls} times during the benchmark`);
  return { bench: 'udf.call_p99_ms', unit: 'ms', value: r.p99, baseline: localSingle, ratio: r.p99 / localSingle };
}

export async function run(): Promise<BenchResult[]> {
  const root = repoRoot();
  const work = mkdtempSync(join(tmpdir(), 'ziem-model-bench-'));
  const models = join(work, 'models');
  let server: { port: number; child: ResultPromise } | undefined;
  let scorer: Scorer | undefined;
  try {
    const train = [
      'model',
      'train',
      '--input',
      join(root, 'tests/fixtures/model/benign-train.jsonl'),
      '--out',
      join(models, 'anomaly'),
      '--seed',
      '7',
      '--epochs',
      '10',
    ];
    await execa(process.execPath, [join(root, 'dist/cli/bin.js'), ...train], { cwd: work });
    server = await startServer(root, models);
    scorer = await loadScorer(join(models, 'anomaly'));
    const http = await httpBenches(server.port, scorer);
    return [...http, await udfBench(root, server.port, http[0]!.baseline!)];
  } finally {
    scorer?.dispose();
    server?.child.kill('SIGTERM');
    await server?.child;
    rmSync(work, { recursive: true, force: true });
  }
}
