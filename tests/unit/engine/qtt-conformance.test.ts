// Conformance: ksqlDB's own query-validation cases in ../shared/ksql-qtt (read in place). At least
// the gate of tests/qtt-gate.json (percent of the cases that are not unsupported) must pass; the
// totals are printed.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../../../engine/qtt/run-suite.js';
import { passRate } from '../../../engine/qtt/run-suite.js';
import gate from '../../qtt-gate.json' with { type: 'json' };

const SHARED = fileURLToPath(new URL('../../../../shared/ksql-qtt', import.meta.url));

describe.skipIf(!existsSync(SHARED))('ksqlDB query-validation tests', () => {
  it('passes at least the gated share of the supported cases', () => {
    const s = runSuite([SHARED]);
    process.stdout.write(
      `ksql-qtt: ${s.passed} passed, ${s.failed} failed, ${s.unsupported} unsupported (${passRate(s).toFixed(1)}% of supported)\n`,
    );
    expect(s.passed + s.failed + s.unsupported).toBeGreaterThan(600);
    expect(passRate(s)).toBeGreaterThanOrEqual(gate.minPassRate);
  });
});
