import { describe, expect, it } from 'vitest';
import { parseFeatureLines } from '../../../udf-bridge/model-server/feature-records.js';
import { ModelError } from '../../../udf-bridge/model-server/model-error.js';

const problemOf = (text: string, wantLabel = false): string => {
  try {
    parseFeatureLines(text, 'in.jsonl', wantLabel);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return (err as Error).message;
  }
  throw new Error('expected a ModelError');
};

describe('parseFeatureLines', () => {
  it('reads features and FEATURES, skipping blank lines, and takes the width from the data', () => {
    const set = parseFeatureLines('{"features":[1,2,3]}\n\n{"FEATURES":[4,5.5,-6],"SRC":"10.0.0.1"}\n', 'in', false);
    expect(set.rows).toEqual([
      [1, 2, 3],
      [4, 5.5, -6],
    ]);
    expect(set.width).toBe(3);
    expect(set.labels).toEqual([]);
  });

  it('names the line of invalid JSON, a missing array and a non-number', () => {
    const msg = problemOf('{"features":[1,2]}\n{oops\n{"other":1}\n{"features":[1,"x"]}\n');
    expect(msg).toContain('in.jsonl:2: not valid JSON');
    expect(msg).toContain('in.jsonl:3: expected a non-empty "features" array');
    expect(msg).toContain('in.jsonl:4: features[1] is "x", expected a finite number');
  });

  it('rejects a vector whose length differs from the first', () => {
    expect(problemOf('{"features":[1,2]}\n{"features":[1,2,3]}\n')).toContain(
      'in.jsonl:2: 3 features, but earlier lines have 2',
    );
  });

  it('reads labels as 0/1, booleans or words, and names a bad one', () => {
    const set = parseFeatureLines(
      '{"features":[1],"label":1}\n{"features":[2],"label":"benign"}\n{"features":[3],"LABEL":true}\n',
      'l',
      true,
    );
    expect(set.labels).toEqual([1, 0, 1]);
    expect(problemOf('{"features":[1],"label":7}\n', true)).toContain('in.jsonl:1: "label" must be');
  });
});
