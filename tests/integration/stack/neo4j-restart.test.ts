// A stopped Neo4j (down without --purge) starts again with the password it already has; its data,
// config and logs are in directories only the stack's user can open.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { pingNeo4j } from '../../../cli/clients/neo4j-client.js';
import { Secret } from '../../../core/secret.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ components: ['neo4j'] });
});
afterAll(async () => {
  await stack?.stop();
});

describe('Neo4j restart', () => {
  it('keeps its data and password across down and up', async () => {
    await stopStack(stack.ctx, { purge: false });
    await startStack(stack.ctx, { components: ['neo4j'] });
    expect(await pingNeo4j(stack.boltUrl, stack.neo4jUser, new Secret(stack.neo4jPassword))).toMatch(/^Neo4j\/5\.26/);
  });

  it('keeps its data, config and logs in 0700 directories', () => {
    for (const d of ['neo4j', 'logs', 'secrets'])
      expect((statSync(join(stack.ctx.config.stateDir, d)).mode & 0o777).toString(8), d).toBe('700');
  });
});
