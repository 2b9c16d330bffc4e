// ksqlDB's QTT files through the Kafka driver: tumbling-windows.json, simple-struct.json and
// group-by.json pass exactly the cases they pass on the in-memory driver (`ziem ksql qtt --driver kafka`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { KafkaDriver } from '../../../engine/runtime/kafka-driver.js';
import { runSuiteOnKafka } from '../../../engine/qtt/kafka-qtt.js';
import { runSuite } from '../../../engine/qtt/run-suite.js';

const QTT = '/work/shared/ksql-qtt';
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
      expect(kafka.passed).toBe(memory.passed);
      expect(kafka.passed).toBeGreaterThan(0);
    });
  }
});
