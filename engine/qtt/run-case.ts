// Runs one QTT case on a fresh in-memory engine: creates the topics the case names, executes
// the statements, produces the inputs, then compares outputs and post-conditions. A case that
// expects an exception passes only when execution fails with a message containing its text.
import { qttRegistry } from './test-registry.js';
import { caseTopics } from './case-topics.js';
import { NotSupportedError } from '../errors.js';
import { Engine } from '../runtime/engine.js';
import { MemoryDriver } from '../runtime/memory-driver.js';
import type { SourceDef } from '../plan/catalog.js';
import type { QttCase } from './load-cases.js';
import { encodeRecord } from './record-codec.js';
import { registerCaseSchemas } from './case-schemas.js';
import { compareCase } from './compare.js';
import type { ProcessingLogEntry } from '../runtime/processing-log.js';

export type CaseStatus = 'passed' | 'failed' | 'unsupported';

export interface CaseResult {
  name: string;
  status: CaseStatus;
  detail?: string;
  /** The error the statements or records raised, when they did. */
  error?: unknown;
  /** The processing log of the run: records skipped and expressions that failed (null), with the reason. */
  skipped?: ProcessingLogEntry[];
}

const BASE_PROPS = { 'auto.offset.reset': 'earliest', 'ksql.service.id': 'some.ksql.service.id' };

function sourceFor(engine: Engine, topic: string): SourceDef | undefined {
  const all = engine.catalog.all().filter((s) => s.topic === topic);
  return all[0];
}

function execute(c: QttCase): { engine: Engine; driver: MemoryDriver } {
  const driver = new MemoryDriver();
  for (const [t, partitions] of caseTopics(c))
    driver.createTopic(t, { partitions, replicas: 1, cleanupPolicy: 'delete' });
  registerCaseSchemas(c, driver.schemaRegistry);
  const engine = new Engine({
    driver,
    props: { ...BASE_PROPS, ...c.properties },
    now: () => 0,
    assumeTopicsExist: true,
    registry: qttRegistry(),
  });
  // ksqlDB's runner executes the statements as one script, so error lines count across them
  engine.execute(c.statements.join('\n'));
  for (const r of c.inputs) driver.produce(r.topic, encodeRecord(r, sourceFor(engine, r.topic), driver.schemaRegistry));
  return { engine, driver };
}

/** The result of a case whose statements threw: unsupported, the expected error, or a failure. Shared by both drivers. */
export function errorResult(c: QttCase, err: unknown): CaseResult {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof NotSupportedError) return { name: c.name, status: 'unsupported', detail: msg, error: err };
  if (c.expectedException) {
    const want = c.expectedException.message ?? '';
    return msg.includes(want)
      ? { name: c.name, status: 'passed' }
      : {
          name: c.name,
          status: 'failed',
          detail: `expected an error containing:\n    ${want}\n  got:\n    ${msg}`,
          error: err,
        };
  }
  return { name: c.name, status: 'failed', detail: `${err instanceof Error ? err.name : 'Error'}: ${msg}`, error: err };
}

/** The result of a case that expected an error but whose statements all ran. */
export function ranButExpectedError(c: QttCase): CaseResult {
  return {
    name: c.name,
    status: 'failed',
    detail: `expected an error containing: ${c.expectedException?.message ?? ''}, but the statements ran`,
  };
}

export function runCase(c: QttCase): CaseResult {
  if (c.unsupported) return { name: c.name, status: 'unsupported', detail: c.unsupported };
  let run: { engine: Engine; driver: MemoryDriver };
  try {
    run = execute(c);
  } catch (err) {
    return errorResult(c, err);
  }
  try {
    if (c.expectedException) return ranButExpectedError(c);
    const lines = compareCase(
      c,
      run.engine.catalog,
      (t) => run.driver.read(t),
      run.driver.topics(),
      run.driver.schemaRegistry,
    );
    const skipped = run.engine.log.entries;
    return lines.length === 0
      ? { name: c.name, status: 'passed', skipped }
      : { name: c.name, status: 'failed', detail: lines.join('\n'), skipped };
  } finally {
    run.engine.close();
  }
}
