// The committed model fixtures must equal what the seeded generator produces, so anyone can
// regenerate them (ZIEM_WRITE_FIXTURES=1) and the Java tests train on the same data as ours.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXTURES as VECTORS } from '../../fixtures/model/host-activity.js';
import { attackWindowsFixture } from '../../fixtures/model/campaign.js';

const FIXTURES: Record<string, () => string> = { ...VECTORS, 'attack-windows.jsonl': attackWindowsFixture };

const dir = fileURLToPath(new URL('../../fixtures/model/', import.meta.url));

describe('model fixtures', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name} matches its generator`, () => {
      if (process.env['ZIEM_WRITE_FIXTURES'] === '1') writeFileSync(dir + name, make());
      expect(readFileSync(dir + name, 'utf8')).toBe(make());
    }, 120_000); // the campaign fixture runs the whole pipeline: slow on a loaded machine
  }
});
