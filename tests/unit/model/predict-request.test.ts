import { describe, expect, it } from 'vitest';
import { parsePredictBody } from '../../../udf-bridge/model-server/predict-request.js';
import { metadataProblems } from '../../../udf-bridge/model-server/metadata.js';
import { ServerMetrics } from '../../../udf-bridge/model-server/metrics.js';

const err = (body: string, width = 3, max = 4): string => {
  const r = parsePredictBody(body, width, max);
  if (r.ok) throw new Error('expected a problem');
  return r.error;
};

describe('parsePredictBody', () => {
  it('accepts a batch of vectors of the model width', () => {
    expect(parsePredictBody('{"instances":[[1,2,3],[4,5,6]]}', 3, 4)).toEqual({
      ok: true,
      rows: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
  });

  it('names each kind of bad input', () => {
    expect(err('{"instances":')).toMatch(/not valid JSON/);
    expect(err('[1]')).toMatch(/JSON object/);
    expect(err('{"inputs":[[1,2,3]]}')).toMatch(/missing field "instances"/);
    expect(err('{"instances":[]}')).toMatch(/empty/);
    expect(err('{"instances":[[1,2,3],[1,2,3],[1,2,3],[1,2,3],[1,2,3]]}')).toMatch(
      /5 instances exceed the batch limit of 4/,
    );
    expect(err('{"instances":[[1,2,3],[1,2]]}')).toBe('instances[1] has 2 values, the model expects 3');
    expect(err('{"instances":[[1,null,3]]}')).toBe('instances[0][1] is null, expected a finite number');
    expect(err('{"instances":[[1,"2",3]]}')).toBe('instances[0][1] is "2", expected a finite number');
    expect(err('{"instances":[7]}')).toMatch(/instances\[0\] must be an array/);
  });
});

describe('metadataProblems', () => {
  it('names every field the server relies on', () => {
    const p = metadataProblems({
      format: 'x',
      width: 2,
      version: 0,
      featureNames: ['a'],
      scaling: { kind: 'log1p-zscore', mean: [0, 0], std: [1] },
      threshold: {},
    });
    expect(p.join('\n')).toMatch(/field format/);
    expect(p.join('\n')).toMatch(/field version/);
    expect(p.join('\n')).toMatch(/field featureNames: expected 2 strings/);
    expect(p.join('\n')).toMatch(/field scaling/);
    expect(p.join('\n')).toMatch(/field threshold.threshold/);
  });
});

describe('ServerMetrics', () => {
  it('renders counters and cumulative histogram buckets in Prometheus text', () => {
    const m = new ServerMetrics();
    m.requests.inc({ route: 'predict', code: '200' });
    m.requests.inc({ route: 'predict', code: '200' });
    m.latency.observe({ route: 'predict' }, 0.003);
    const text = m.render([{ name: 'anomaly', version: 2 }]);
    expect(text).toContain('ziem_model_server_requests_total{route="predict",code="200"} 2');
    expect(text).toContain('ziem_model_server_request_duration_seconds_bucket{route="predict",le="0.0025"} 0');
    expect(text).toContain('ziem_model_server_request_duration_seconds_bucket{route="predict",le="0.005"} 1');
    expect(text).toContain('ziem_model_server_request_duration_seconds_bucket{route="predict",le="+Inf"} 1');
    expect(text).toContain('ziem_model_server_model_loaded{model="anomaly",version="2"} 1');
  });
});
