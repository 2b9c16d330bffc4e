// `ziem ksql test`: the ksql-test-runner contract. Runs a statements file against the in-memory
// engine with the records of an input file and compares what the queries write with an output
// file ({"inputs":[…]} / {"outputs":[…]}, records {topic, key, value, timestamp, window}).
import { readFileSync } from 'node:fs';
import { ZiemError } from '../../core/errors/ziem-error.js';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { PlanError } from '../../engine/errors.js';
import { ParseError } from '../../engine/syntax/index.js';
import type { QttRecord } from '../../engine/qtt/load-cases.js';
import { runCase } from '../../engine/qtt/run-case.js';

export interface KsqlTestOptions {
  statements: string;
  input: string;
  output: string;
}

/** The test ran and its output differs from the expected records. */
export class KsqlTestFailedError extends ZiemError {
  constructor(message: string) {
    super('ENGINE_TEST_FAILED', message, { hint: 'the diff above shows expected and actual records per topic' });
  }
}

function readRecords(file: string, field: 'inputs' | 'outputs'): QttRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PlanError(`${file}: cannot read ${field}: ${(err as Error).message}`, { cause: err });
  }
  const list = (doc as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(list)) throw new PlanError(`${file}: expected a JSON object with an "${field}" array`);
  list.forEach((r: unknown, i) => {
    if (typeof r !== 'object' || r === null || typeof (r as QttRecord).topic !== 'string')
      throw new PlanError(`${file}: ${field}[${i}] needs a "topic" string`);
  });
  return list as QttRecord[];
}

function located(err: unknown, file: string): unknown {
  if (err instanceof ParseError)
    return new PlanError(`${file}:${err.line}:${err.column}: ${err.message}`, { cause: err });
  if (err instanceof ZiemError) return new PlanError(`${file}: ${err.message}`, { cause: err });
  return err;
}

export function runKsqlTest(
  ctx: Pick<Context, 'stdout' | 'stderr' | 'log' | 'json' | 'secrets'>,
  o: KsqlTestOptions,
): void {
  let sql: string;
  try {
    sql = readFileSync(o.statements, 'utf8');
  } catch (err) {
    throw new PlanError(`${o.statements}: cannot read statements: ${(err as Error).message}`, { cause: err });
  }
  const inputs = readRecords(o.input, 'inputs');
  const outputs = readRecords(o.output, 'outputs');
  const r = runCase({ file: o.statements, name: o.statements, statements: [sql], properties: {}, inputs, outputs });
  for (const s of r.skipped ?? []) ctx.log.warn(`${s.queryId} processing log: ${s.reason}`);
  if (r.status === 'passed') {
    emit(ctx as Context, { passed: true, problems: [] }, () => '\t >>> Test passed!');
    return;
  }
  if (r.error !== undefined) throw located(r.error, o.statements);
  const problems = (r.detail ?? '').split('\n');
  emit(ctx as Context, { passed: false, problems }, () => `\t >>> Test failed:\n${r.detail ?? ''}`);
  throw new KsqlTestFailedError(`test failed: the output of ${o.statements} does not match ${o.output}`);
}
