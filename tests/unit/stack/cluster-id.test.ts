import { describe, expect, it } from 'vitest';
import { newClusterId } from '../../../cli/stack/component-kafka.js';

describe('KRaft cluster ids', () => {
  it('are 22 base64url characters and never start with a dash', () => {
    for (let i = 0; i < 5_000; i++) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
