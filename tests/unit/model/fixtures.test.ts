// The committed synthetic model fixtures must equal what the seeded generator produces, so anyone
// can regenerate them (ZIEM_WRITE_FIXTURES=1). attack-windows.jsonl is recorded, not generated: a
// campaign in the netns sandbox (tests/unit/model/campaign-dataset.test.ts checks it).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXTURES as VECTORS } from '../../fixtures/model/host-activity.js';

const FIXTURES: Record<string, () => string> = VECTORS;

const dir = fileURLToPath(new URL('../../fixtures/model/', import.meta.url));

describe('model fixtures', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name} matches its generator`, () => {
      if (process.env['ZIEM_WRITE_FIXTURES'] === '1') writeFileSync(dir + name, make());
      expect(readFileSync(dir + name, 'utf8')).toBe(make());
    });
  }
});
