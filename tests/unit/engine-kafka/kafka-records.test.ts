// Conversions between engine records and kafkajs messages, and which Kafka errors are retried.
import { describe, expect, it } from 'vitest';
import { fromKafka, toKafka } from '../../../engine/runtime/kafka-records.js';
import { isRetriableKafkaError } from '../../../core/kafka/kafka-errors.js';

describe('kafka records', () => {
  it('keeps key, value, timestamp and repeated headers through a produce/consume round trip', () => {
    const msg = toKafka({
      key: Buffer.from('k'),
      value: Buffer.from('{"A":1}'),
      timestamp: 1234,
      partition: 0,
      headers: [
        { key: 'h', value: Buffer.from('1') },
        { key: 'h', value: Buffer.from('2') },
        { key: 'gone', value: null },
      ],
    });
    expect(msg.timestamp).toBe('1234');
    expect(msg.headers).toEqual({ h: [Buffer.from('1'), Buffer.from('2')] });
    const back = fromKafka(
      {
        key: msg.key as Buffer,
        value: msg.value as Buffer,
        timestamp: '1234',
        attributes: 0,
        offset: '42',
        headers: msg.headers!,
        size: undefined,
      },
      3,
    );
    expect(back).toEqual({
      key: Buffer.from('k'),
      value: Buffer.from('{"A":1}'),
      timestamp: 1234,
      partition: 3,
      offset: 42,
      headers: [
        { key: 'h', value: Buffer.from('1') },
        { key: 'h', value: Buffer.from('2') },
      ],
    });
  });

  it('reads a tombstone with a null key as nulls', () => {
    const r = fromKafka(
      { key: null, value: null, timestamp: '5', attributes: 0, offset: '0', size: undefined, headers: {} },
      0,
    );
    expect(r.key).toBeNull();
    expect(r.value).toBeNull();
    expect(r.headers).toEqual([]);
  });

  it('retries connection loss and exhausted kafkajs retries, not protocol errors kafkajs marks final', () => {
    expect(isRetriableKafkaError({ name: 'KafkaJSConnectionError', retriable: false })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSNumberOfRetriesExceeded' })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSProtocolError', retriable: true })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSProtocolError', retriable: false })).toBe(false);
    expect(isRetriableKafkaError(new Error('boom'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});
