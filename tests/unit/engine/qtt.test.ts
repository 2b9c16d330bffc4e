// The QTT runner: JSONC loading and format expansion, per-case status, and ziem's own cases in
// tests/fixtures/engine/qtt (a pass, a PROTOBUF case on the Schema Registry, a join and an expected error).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCaseFile, stripJsonComments } from '../../../engine/qtt/load-cases.js';
import { runSuite } from '../../../engine/qtt/run-suite.js';
import { runCase } from '../../../engine/qtt/run-case.js';
import { valuesMatch } from '../../../engine/qtt/compare.js';

const FILE = fileURLToPath(new URL('../../fixtures/engine/qtt/ziem-cases.json', import.meta.url));

describe('loading', () => {
  it('strips // comments but not // inside strings', () => {
    expect(JSON.parse(stripJsonComments('{"a": "http://x" // note\n}'))).toEqual({ a: 'http://x' });
  });
  it('expands formats into named cases and skips disabled ones', () => {
    const names = loadCaseFile(FILE).map((c) => c.name);
    expect(names).toEqual([
      'ziem-cases.json - tshark packets flattened with a filter',
      'ziem-cases.json - hopping count per source - {FORMAT} - JSON',
      'ziem-cases.json - hopping count per source - {FORMAT} - PROTOBUF',
      'ziem-cases.json - join on an inequality is not supported yet',
      'ziem-cases.json - ungrouped column is an error',
    ]);
    expect(loadCaseFile(FILE)[2]?.unsupported).toBeUndefined();
    expect(loadCaseFile(FILE)[2]?.schemaRegistry).toBe(true);
  });
});

describe('running', () => {
  it('passes, fails, and counts unsupported cases', () => {
    const s = runSuite([FILE]);
    const byName = Object.fromEntries(
      s.files[FILE]!.cases.map((c) => [c.name.replace('ziem-cases.json - ', ''), c.status]),
    );
    expect(byName).toEqual({
      'tshark packets flattened with a filter': 'passed',
      'hopping count per source - {FORMAT} - JSON': 'passed',
      'hopping count per source - {FORMAT} - PROTOBUF': 'passed',
      'join on an inequality is not supported yet': 'unsupported',
      'ungrouped column is an error': 'passed',
    });
    expect([s.passed, s.failed, s.unsupported]).toEqual([4, 0, 1]);
  });
  it('fails a case whose output differs, with a readable diff', () => {
    const [c] = loadCaseFile(FILE);
    const r = runCase({ ...c!, outputs: [{ topic: 'PACKETS', value: { SRC: 'wrong', DST: '10.0.0.2', LEN: 74 } }] });
    expect(r.status).toBe('failed');
    expect(r.detail).toContain(
      'value {"SRC":"10.0.0.1","DST":"10.0.0.2","LEN":74} != expected {"SRC":"wrong","DST":"10.0.0.2","LEN":74}',
    );
  });
  it('fails an expected-exception case whose statements run', () => {
    const [c] = loadCaseFile(FILE);
    const r = runCase({ ...c!, expectedException: { message: 'boom' } });
    expect(r.status).toBe('failed');
  });
});

describe('comparison', () => {
  it('matches doubles within 1e-6 and struct fields by upper-cased name', () => {
    expect(valuesMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(valuesMatch({ town: 'x' }, { TOWN: 'x' })).toBe(true);
    expect(valuesMatch({ A: 1 }, { A: 1, B: 2 })).toBe(false);
    expect(valuesMatch('3.40', 3.4)).toBe(true);
  });
});
