// Runs the Neo4j sink plugin's JUnit tests through Maven, so `npm test` covers the Java side of
// the local stack (record binding, batching, error tolerance of local/neo4j-sink).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('Neo4j sink plugin (Java)', () => {
  it('passes its JUnit tests', async () => {
    const res = await execa('mvn', ['-B', '-q', '-f', 'local/neo4j-sink/pom.xml', 'test'], {
      cwd: root,
      reject: false,
      all: true,
      timeout: 280_000,
    });
    expect(res.exitCode, res.all?.slice(-4000)).toBe(0);
  });
});
