// Runs the Java UDF's Maven build (JUnit tests against the real Node model server from dist/, and
// the packaged-jar checks) so `npm test` covers the Java side. Needs `npm run build` first.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('Java ANOMALY_SCORE UDF', () => {
  it('mvn verify passes: UDF tests against the live model server and the jar checks', async () => {
    expect(existsSync(`${root}dist/cli/bin.js`), 'dist/cli/bin.js missing: run `npm run build` first').toBe(true);
    const res = await execa('mvn', ['-B', '-q', '-f', 'udf-bridge/java/pom.xml', 'verify'], {
      cwd: root,
      reject: false,
      all: true,
      timeout: 280_000,
    });
    expect(res.exitCode, res.all?.slice(-4000)).toBe(0);
    expect(existsSync(`${root}udf-bridge/java/target/ziem-udf-bridge-0.1.0.jar`)).toBe(true);
  });
});
