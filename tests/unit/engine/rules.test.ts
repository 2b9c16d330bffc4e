// Plan rules: the grace a window ends up with (EMIT FINAL's zero default wins over the 24 h
// default), checked on the printed plan of real statements.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { RULES } from '../../../engine/plan/rules/index.js';

function explain(window: string, emit = ''): string {
  const engine = new Engine({ driver: new MemoryDriver() });
  engine.execute("CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);");
  return (
    engine.execute(`EXPLAIN CREATE TABLE T AS SELECT K, COUNT(*) AS N FROM S WINDOW ${window} GROUP BY K ${emit};`)[0]
      ?.explain ?? ''
  );
}

describe('grace rules', () => {
  it('run in a fixed, named order', () => {
    expect(RULES.map((r) => r.name)).toEqual(['emit-final-grace', 'default-grace', 'emit-final-from-window']);
  });
  it('default a window to 24 hours minus its size', () => {
    expect(explain('TUMBLING (SIZE 1 HOUR)')).toContain(`grace=${23 * 3_600_000}ms`);
    expect(explain('SESSION (30 MINUTES)')).toContain(`grace=${86_400_000 - 1_800_000}ms`);
    expect(explain('TUMBLING (SIZE 2 DAYS)')).toContain('grace=0ms');
  });
  it('give EMIT FINAL without GRACE PERIOD a grace of 0, and keep an explicit one', () => {
    expect(explain('TUMBLING (SIZE 1 HOUR)', 'EMIT FINAL')).toMatch(/EmitFinal grace=0ms[\s\S]*grace=0ms/);
    expect(explain('TUMBLING (SIZE 1 HOUR, GRACE PERIOD 5 MINUTES)', 'EMIT FINAL')).toContain(
      'EmitFinal grace=300000ms',
    );
  });
});
