// ksqlDB's QTT files through the Kafka driver: tumbling-windows.json, simple-struct.json and
// group-by.json pass exactly the cases they pass on the in-memory driver (`ziem ksql qtt --driver kafka`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { KafkaDriver } from '../../../engine/runtime/kafka-driver.js';
import { runSuiteOnKafka } from '../../../engine/qtt/kafka-qtt.js';
import { runSuite } from '../../../engine/qtt/run-suite.js';
import { loadCaseFile } from '../../../engine/qtt/load-cases.js';

const QTT = '/work/shared/ksql-qtt';
const JOINS_REFUSED = /joins run on the in-memory driver only/;
let stack: TestStack;
let driver: KafkaDriver;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  driver = await KafkaDriver.connect({ bootstrap: stack.bootstrap });
});

afterAll(async () => {
  await driver?.close();
  await stack?.stop();
});

describe('QTT through Kafka', () => {
  for (const file of ['tumbling-windows.json', 'simple-struct.json', 'group-by.json']) {
    it(`${file}: the same cases pass as on the in-memory driver`, async () => {
      const memory = runSuite([`${QTT}/${file}`]);
      const kafka = await runSuiteOnKafka([`${QTT}/${file}`], driver);
      const failed = Object.values(kafka.files).flatMap((f) =>
        f.cases.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.detail ?? ''}`),
      );
      expect(
        failed.filter(
          (f) =>
            !Object.values(memory.files).some((m) =>
              m.cases.some((c) => c.status === 'failed' && f.startsWith(`${c.name}:`)),
            ),
        ),
      ).toEqual([]);
      // joins are refused on Kafka (unsupported there): the rest pass alike
      const refused = new Set(
        Object.values(kafka.files).flatMap((f) =>
          f.cases.filter((c) => c.status === 'unsupported' && JOINS_REFUSED.test(c.detail ?? '')).map((c) => c.name),
        ),
      );
      const memoryPassed = Object.values(memory.files).flatMap((f) => f.cases.filter((c) => c.status === 'passed'));
      expect(kafka.passed).toBe(memoryPassed.filter((c) => !refused.has(c.name)).length);
      expect(kafka.passed).toBeGreaterThan(0);
    });
  }

  it('joins are refused on Kafka with a clear error: unsupported, never a failure or an output', async () => {
    const files = [`${QTT}/stream-table-join.json`, `${QTT}/fk-n-way-join.json`];
    const kafka = await runSuiteOnKafka(files, driver);
    const cases = Object.values(kafka.files).flatMap((f) => f.cases);
    expect(kafka.failed).toBe(0);
    const unsupported = cases.filter((c) => c.status === 'unsupported');
    expect(unsupported.length).toBeGreaterThan(0);
    expect(unsupported.filter((c) => JOINS_REFUSED.test(c.detail ?? '')).length).toBeGreaterThan(0);
    // what passes is a case expecting ksqlDB's planning error, raised before the driver is asked
    const expectingErrors = new Set(
      files.flatMap((f) =>
        loadCaseFile(f)
          .filter((c) => c.expectedException)
          .map((c) => c.name),
      ),
    );
    expect(cases.filter((c) => c.status === 'passed' && !expectingErrors.has(c.name))).toEqual([]);
  });
});
