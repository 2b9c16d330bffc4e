// The command topic's record format and its append/load cycle (on the in-memory driver).
import { describe, expect, it } from 'vitest';
import { CommandTopic, commandTopicName, decodeCommand } from '../../../engine/server/command-topic.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

describe('command topic', () => {
  it('is an internal topic named after the service id', () => {
    expect(commandTopicName('default_')).toBe('_ziem-ksql-default__command_topic');
  });

  it('keeps commands in order, forever, with their properties and variables', async () => {
    const driver = new MemoryDriver();
    const t = new CommandTopic(driver, commandTopicName('x_'));
    await t.ensure();
    expect(driver.topicSpec(t.name)).toEqual({ partitions: 1, replicas: 1, cleanupPolicy: 'delete', retentionMs: -1 });
    await t.append({
      statement: "CREATE STREAM A (X INT) WITH (KAFKA_TOPIC='a', PARTITIONS=1, VALUE_FORMAT='JSON');",
      streamsProperties: {},
      sessionVariables: {},
    });
    await t.append({
      statement: 'CREATE STREAM B AS SELECT * FROM A;',
      streamsProperties: { 'auto.offset.reset': 'earliest' },
      sessionVariables: { v: '1' },
    });
    const all = await t.load();
    expect(all.map((c) => c.statement.slice(0, 15))).toEqual(['CREATE STREAM A', 'CREATE STREAM B']);
    expect(all[1]!.streamsProperties).toEqual({ 'auto.offset.reset': 'earliest' });
    expect(all[1]!.sessionVariables).toEqual({ v: '1' });
  });

  it('names the topic and offset of an unreadable command', () => {
    expect(() => decodeCommand('cmds', 7, Buffer.from('{oops'))).toThrow(/command topic cmds offset 7: not JSON/);
    expect(() => decodeCommand('cmds', 8, Buffer.from('{"statement":1}'))).toThrow(
      /cmds offset 8: expected \{statement, streamsProperties, sessionVariables\}/,
    );
    expect(() => decodeCommand('cmds', 9, null)).toThrow(/offset 9/);
  });
});
