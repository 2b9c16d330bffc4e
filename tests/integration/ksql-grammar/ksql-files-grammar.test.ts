// Every ksql/ migration, after --define substitution exactly as `ziem ksql apply` sends it (the
// pipeline's defines and the model's threshold), parses with the real ksqlDB server's grammar
// (../shared/tools/ksql-grammar/check, SqlBase.g4 from confluentinc/ksql): the compose and gcp
// targets run these files on Confluent's ksqlDB, where a syntax only the embedded engine accepts
// would fail. The checker is run on a deliberately broken statement too, to show it can fail.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { discoverMigrations } from '../../../cli/ksql/migration-files.js';
import { prepareFile } from '../../../cli/ksql/prepare-file.js';
import { projectRoot } from '../../../cli/stack/layout.js';
import { pipelineDefines } from '../../../cli/targets/platform-steps.js';

const made: string[] = [];
/** A temporary directory removed when the file's tests end. */
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const ROOT = projectRoot();
const CHECK = join(ROOT, '..', 'shared', 'tools', 'ksql-grammar', 'check');

describe.skipIf(!existsSync(CHECK))("ksql/ on ksqlDB's own grammar", () => {
  it('passes every migration as apply sends it', () => {
    const ctx = makeContext({ config: loadConfig({ env: {}, cwd: ROOT }) });
    // a threshold as a trained model's metadata.json has it
    const defines = { ...pipelineDefines(ctx), anomaly_threshold: '0.0123456789' };
    const dir = tmp('ziem-ksql-grammar-');
    const files = discoverMigrations(join(ROOT, 'ksql')).files;
    expect(files.length).toBeGreaterThan(0);
    const written = files.map((f) => {
      const sent = prepareFile(f, `ksql/${f.fileName}`, defines).filter((p) => p.route.kind !== 'variable');
      const text = sent.map((p) => (p.text.trimEnd().endsWith(';') ? p.text : `${p.text};`)).join('\n\n');
      expect(text, f.fileName).not.toMatch(/\$\{/);
      const out = join(dir, f.fileName);
      writeFileSync(out, `${text}\n`);
      return out;
    });
    const r = spawnSync(CHECK, written, { encoding: 'utf8', timeout: 280_000 });
    expect(
      `${r.stdout}${r.stderr}`
        .trim()
        .split('\n')
        .filter((l) => !/: ok$/.test(l) && l.includes('.sql')),
    ).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('fails a statement ksqlDB would reject', () => {
    const dir = tmp('ziem-ksql-grammar-');
    writeFileSync(join(dir, 'bad.sql'), "CREATE STREAM s (a INT) WITH (kafka_topic='t', value_format='JSON') EMIT;\n");
    const r = spawnSync(CHECK, [join(dir, 'bad.sql')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/bad\.sql:1:\d+: /);
  });
});
