// `ziem ksql qtt`: runs ksqlDB query-validation files or folders and prints, per file and in
// total, "N passed, N failed, N unsupported" (or the same as JSON). Fails when the pass rate
// of supported cases is below the requested minimum.
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { passRate, runSuite, type SuiteSummary } from '../../engine/qtt/run-suite.js';
import { runSuiteOnKafka } from '../../engine/qtt/kafka-qtt.js';
import { KafkaDriver } from '../../engine/runtime/kafka-driver.js';

export interface QttOptions {
  paths: string[];
  /** Percentage of non-unsupported cases that must pass (default 100). */
  minPassRate: number;
  /** Only cases whose name contains this text. */
  grep?: string;
  /** Print each failing case's reason. */
  verbose: boolean;
}

export class QttBelowThresholdError extends ZiemError {
  constructor(message: string) {
    super('ENGINE_QTT_FAILED', message, { hint: 'run with --verbose to see why each case failed' });
  }
}

function human(s: SuiteSummary, verbose: boolean): string {
  const lines: string[] = [];
  for (const [file, f] of Object.entries(s.files)) {
    lines.push(`${file}: ${f.passed} passed, ${f.failed} failed, ${f.unsupported} unsupported`);
    if (!verbose) continue;
    for (const c of f.cases) {
      if (c.status === 'failed') lines.push(`  FAILED ${c.name}\n    ${(c.detail ?? '').split('\n').join('\n    ')}`);
      else if (c.status === 'unsupported') lines.push(`  UNSUPPORTED ${c.name}: ${c.detail ?? ''}`);
    }
  }
  lines.push(`total: ${s.passed} passed, ${s.failed} failed, ${s.unsupported} unsupported`);
  return lines.join('\n');
}

export function runQtt(
  ctx: Pick<Context, 'stdout' | 'stderr' | 'log' | 'json' | 'secrets'>,
  o: QttOptions,
): SuiteSummary {
  return reportQtt(ctx, runSuite(o.paths, o.grep ? (n) => n.includes(o.grep!) : undefined), o);
}

/** Prints the totals (or JSON) and enforces the minimum pass rate; shared by every driver's runner. */
export function reportQtt(
  ctx: Pick<Context, 'stdout' | 'stderr' | 'log' | 'json' | 'secrets'>,
  s: SuiteSummary,
  o: QttOptions,
): SuiteSummary {
  const files = Object.fromEntries(
    Object.entries(s.files).map(([f, v]) => [
      f,
      {
        passed: v.passed,
        failed: v.failed,
        unsupported: v.unsupported,
        ...(o.verbose ? { cases: v.cases.map(({ error: _e, ...c }) => c) } : {}),
      },
    ]),
  );
  emit(ctx as Context, { passed: s.passed, failed: s.failed, unsupported: s.unsupported, files }, () =>
    human(s, o.verbose),
  );
  const rate = passRate(s);
  if (rate < o.minPassRate) {
    throw new QttBelowThresholdError(
      `${rate.toFixed(1)}% of supported cases passed (${s.passed} of ${s.passed + s.failed}); at least ${o.minPassRate}% required`,
    );
  }
  return s;
}

/** `ziem ksql qtt --driver kafka`: connects to the cluster, runs the suite, reports like runQtt. */
export async function runQttOnKafka(
  ctx: Pick<Context, 'stdout' | 'stderr' | 'log' | 'json' | 'secrets'>,
  o: QttOptions & { bootstrap: string },
): Promise<SuiteSummary> {
  ctx.log.info(`running QTT cases through the Kafka driver at ${o.bootstrap} (one topic namespace per case)`);
  const driver = await KafkaDriver.connect({
    bootstrap: o.bootstrap,
    clientId: 'ziem-qtt',
    log: (m) => ctx.log.debug(m),
  });
  try {
    const s = await runSuiteOnKafka(o.paths, driver, o.grep ? (n) => n.includes(o.grep!) : undefined, (m) =>
      ctx.log.debug(m),
    );
    return reportQtt(ctx, s, o);
  } finally {
    await driver.close();
  }
}
