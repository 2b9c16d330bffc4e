// The pure parts of the remote-function client: the TF Serving predict body both ways and the
// circuit breaker's states on an injected clock.
import { describe, expect, it } from 'vitest';
import {
  decodeClassification,
  decodePrediction,
  encodeExample,
  encodeInstances,
} from '../../../engine/runtime/remote-client.js';
import { CircuitBreaker } from '../../../engine/runtime/remote-breaker.js';

describe('predict codec', () => {
  it('writes one instance and reads the first prediction, flat or one-output nested', () => {
    expect(encodeInstances([490, 0.0286, 1e-7])).toBe('{"instances":[[490,0.0286,1e-7]]}');
    expect(JSON.parse(encodeInstances([1.5, 2]))).toEqual({ instances: [[1.5, 2]] });
    expect(decodePrediction('{"predictions":[0.25,9]}')).toBe(0.25);
    expect(decodePrediction('{"predictions":[[0.5]]}')).toBe(0.5);
  });

  it('finds no prediction in bodies without one', () => {
    for (const body of [
      '{"predictions":[]}',
      '{"error":"model not loaded"}',
      'not json',
      'null',
      '{"predictions":["1"]}',
      '{"predictions":[[1,2]]}',
    ]) {
      expect(decodePrediction(body), body).toBeUndefined();
    }
  });
});

describe('classify codec', () => {
  it('sends one example holding the vector and reads the top [label, score] of the first result', () => {
    expect(JSON.parse(encodeExample([1, 0.5]))).toEqual({ examples: [{ features: [1, 0.5] }] });
    expect(decodeClassification('{"result":[[["port-scan",0.9],["normal",0.1]]]}')).toEqual({
      LABEL: 'port-scan',
      PROBABILITY: 0.9,
    });
    for (const body of ['{"result":[]}', '{"result":[[]]}', '{"result":[[[1,0.5]]]}', '{"predictions":[[0.1]]}', 'x'])
      expect(decodeClassification(body), body).toBeUndefined();
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, lets one trial through after the cool-down, closes on success', () => {
    let now = 1_000;
    const b = new CircuitBreaker(2, 500, () => now);
    expect(b.refusal()).toBeUndefined();
    expect(b.onFailure()).toBe(false);
    b.onSuccess();
    expect(b.onFailure()).toBe(false);
    expect(b.onFailure()).toBe(true);
    expect(b.refusal()).toBe('circuit open after 2 consecutive failures; calls resume in 500 ms');
    now += 500;
    expect(b.refusal()).toBeUndefined();
    expect(b.refusal()).toBe('circuit half-open: a trial call is in flight');
    expect(b.onFailure()).toBe(false);
    expect(b.refusal()).toMatch(/^circuit open after 3 consecutive failures/);
    now += 500;
    expect(b.refusal()).toBeUndefined();
    b.onSuccess();
    expect(b.refusal()).toBeUndefined();
    expect(b.refusal()).toBeUndefined();
  });
});
