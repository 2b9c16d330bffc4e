// The Kafka Streams peer from the Node side: builds bench/peers/kafka-streams with Maven when its
// jar is older than its sources, starts one JVM (pinned to the benchmark's CPU, told it has one
// processor) and drives it over its line protocol (see KafkaStreamsPeer.java): run one topology
// at a time, close it, read the JVM facts it reports.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../cli/stack/layout.js';

export const PEER_DIR = join(projectRoot(), 'bench', 'peers', 'kafka-streams');
const JAR = join(PEER_DIR, 'target', 'kafka-streams-peer.jar');
/** Heap of the peer JVM: fixed, so GC sizing does not move between rounds (the stack's JVMs get 512 MB). */
export const PEER_HEAP_MB = 512;

export interface JvmFacts {
  java_version: string;
  heap_init_mb: number;
  heap_max_mb: number;
  processors: number;
  stream_threads: number;
  commit_interval_ms: number;
  gc: string;
  jvm_args: string;
}

interface PeerEvent {
  event: 'ready' | 'started' | 'closed' | 'error';
  message?: string;
  jvm_threads?: number;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The peer's Kafka version must be the stack's (local/pom.xml), or the comparison is not like for like. */
function checkKafkaVersion(): string {
  const version = (file: string): string | undefined =>
    /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(file, 'utf8'))?.[1];
  const stack = version(join(projectRoot(), 'local', 'pom.xml'));
  const peer = version(join(PEER_DIR, 'pom.xml'));
  if (!stack || stack !== peer)
    throw new Error(`bench/peers/kafka-streams/pom.xml has Kafka ${peer}, local/pom.xml ${stack}: make them equal`);
  return peer;
}

export function buildPeerJar(log: (s: string) => void): string {
  const kafkaVersion = checkKafkaVersion();
  const sources = Math.max(newestMtime(join(PEER_DIR, 'src')), statSync(join(PEER_DIR, 'pom.xml')).mtimeMs);
  if (!existsSync(JAR) || statSync(JAR).mtimeMs < sources) {
    log(`kafka-streams peer: building ${JAR} with Maven\n`);
    execFileSync('mvn', ['-q', '-f', join(PEER_DIR, 'pom.xml'), 'package'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return kafkaVersion;
}

export class KafkaStreamsPeer {
  private readonly events: PeerEvent[] = [];
  private waiters: Array<() => void> = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly facts: JvmFacts,
  ) {}

  /** Starts the JVM with `taskset -c <cpu>` when a CPU is given. */
  static async start(bootstrap: string, cpu: number | undefined): Promise<KafkaStreamsPeer> {
    const jvm = [
      `-Xms${PEER_HEAP_MB}m`,
      `-Xmx${PEER_HEAP_MB}m`,
      // the JVM sizes GC and JIT threads from this; on one CPU its ergonomics pick the serial GC
      '-XX:ActiveProcessorCount=1',
      '-jar',
      JAR,
      bootstrap,
      '1',
      '100',
    ];
    const child =
      cpu === undefined
        ? spawn('java', jvm, { stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn('taskset', ['-c', String(cpu), 'java', ...jvm], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`kafka-streams peer: ${d.toString()}`));
    let ready: (f: JvmFacts) => void = () => undefined;
    const facts = new Promise<JvmFacts>((res) => (ready = res));
    const at: { peer?: KafkaStreamsPeer } = {};
    const early: PeerEvent[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      let e: PeerEvent & Partial<JvmFacts>;
      try {
        e = JSON.parse(line) as PeerEvent & Partial<JvmFacts>;
      } catch {
        return void process.stderr.write(`kafka-streams peer: ${line}\n`);
      }
      if (e.event === 'ready') return ready(e as unknown as JvmFacts);
      if (at.peer) at.peer.push(e);
      else early.push(e);
    });
    const exit = new Promise<never>((_, rej) =>
      child.once('exit', (code) => {
        if (at.peer) at.peer.exited = true;
        rej(new Error(`the Kafka Streams peer exited (code ${code}) before it was ready`));
      }),
    );
    const peer = new KafkaStreamsPeer(child, await Promise.race([facts, exit]));
    at.peer = peer;
    exit.catch(() => peer.wake());
    for (const e of early) peer.push(e);
    return peer;
  }

  private push(e: PeerEvent): void {
    if (e.event === 'error') process.stderr.write(`kafka-streams peer error: ${e.message}\n`);
    this.events.push(e);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async next(kind: PeerEvent['event']): Promise<PeerEvent> {
    for (;;) {
      const i = this.events.findIndex((e) => e.event === kind || e.event === 'error');
      if (i >= 0) {
        const [e] = this.events.splice(i, 1);
        if (e!.event === 'error') throw new Error(`Kafka Streams peer: ${e!.message}`);
        return e!;
      }
      if (this.exited) throw new Error('the Kafka Streams peer exited');
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Starts one application; resolves once KafkaStreams.start() returned. */
  async run(
    topology: 'project_filter' | 'tumbling_count',
    appId: string,
    input: string,
    output: string,
    stateDir: string,
  ): Promise<void> {
    this.child.stdin.write(`run ${topology} ${appId} ${input} ${output} ${stateDir}\n`);
    await this.next('started');
  }

  /** Closes the running application; resolves with the JVM's peak live thread count during it. */
  async close(): Promise<number> {
    this.child.stdin.write('close\n');
    return (await this.next('closed')).jvm_threads ?? 0;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 40_000);
    await gone;
    clearTimeout(t);
  }
}
