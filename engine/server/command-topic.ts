// The server's command topic: every statement that changed the engine (CREATE, CSAS/CTAS, INSERT
// INTO … SELECT, DROP, TERMINATE) is appended after it succeeded, with the request's properties and
// variables, so a restarted server replays it to rebuild its sources and queries (ksqlDB's design).
// A command's offset numbers the query it starts (CSAS_<SINK>_<offset>), so ids survive restarts.
import { PlanError } from '../errors.js';
import type { TopicDriver } from '../exec/topic-driver.js';

export interface CommandRecord {
  statement: string;
  streamsProperties: Record<string, string>;
  sessionVariables: Record<string, string>;
}

/** A command read back from the topic, with its offset (the number in its query's id). */
export interface LoggedCommand extends CommandRecord {
  offset: number;
}

/** One partition, kept forever: replay needs every command since the first. Internal (leading _). */
export const commandTopicName = (serviceId: string): string => `_ziem-ksql-${serviceId}_command_topic`;

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');

export function decodeCommand(topic: string, offset: number, value: Buffer | null): CommandRecord {
  let doc: unknown;
  try {
    doc = value === null ? null : JSON.parse(value.toString('utf8'));
  } catch (err) {
    throw new PlanError(`command topic ${topic} offset ${offset}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  const c = doc as Partial<CommandRecord> | null;
  if (!c || typeof c.statement !== 'string' || !isStringMap(c.streamsProperties) || !isStringMap(c.sessionVariables)) {
    throw new PlanError(
      `command topic ${topic} offset ${offset}: expected {statement, streamsProperties, sessionVariables}`,
    );
  }
  return { statement: c.statement, streamsProperties: c.streamsProperties, sessionVariables: c.sessionVariables };
}

export class CommandTopic {
  private next: number | undefined;

  constructor(
    private readonly driver: TopicDriver,
    readonly name: string,
  ) {}

  async ensure(): Promise<void> {
    this.driver.createTopic(this.name, { partitions: 1, replicas: 1, cleanupPolicy: 'delete', retentionMs: -1 });
    await this.driver.settle();
  }

  /** Every command so far, in order; the offset the next append gets follows the last one. */
  async load(): Promise<LoggedCommand[]> {
    const records = await this.driver.snapshot(this.name);
    const out = records.map((r, i) => ({ ...decodeCommand(this.name, r.offset ?? i, r.value), offset: r.offset ?? i }));
    this.next = (out.at(-1)?.offset ?? -1) + 1;
    return out;
  }

  /** The offset the next appended command will have (one writer: this server). */
  get nextOffset(): number {
    if (this.next === undefined)
      throw new PlanError(`command topic ${this.name} was not read yet: the server replays it before serving`);
    return this.next;
  }

  /** Resolves once Kafka acknowledged the command, which then sits at the offset nextOffset had. */
  async append(c: CommandRecord): Promise<void> {
    if (this.next === undefined) await this.load();
    const offset = this.nextOffset;
    this.driver.produce(this.name, {
      key: null,
      value: Buffer.from(JSON.stringify(c)),
      timestamp: Date.now(),
      headers: [],
      partition: 0,
    });
    await this.driver.settle();
    this.next = offset + 1;
  }
}
