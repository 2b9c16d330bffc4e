// The gcp stack VM's bundle: compose/ with dist/, the npm manifests and the UDF jar (what the
// compose file's build contexts and ksqlDB's mount take from the repository), the same bytes and
// SHA-256 for the same files, and a clear prerequisite error naming what is missing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeStackBundle } from '../../../cli/targets/gcp/stack-bundle.js';
import { udfJarPath } from '../../../cli/targets/compose/compose-paths.js';
import { projectRoot } from '../../../cli/stack/layout.js';
import { PrerequisiteError } from '../../../core/errors/ziem-error.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const JAR = relative(projectRoot(), udfJarPath(projectRoot()));

function checkout(skip: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'ziem-bundle-'));
  dirs.push(root);
  const files = ['compose/docker-compose.yml', 'compose/connect/Dockerfile', 'dist/cli/bin.js', 'dist/ui/app.js'];
  for (const f of [...files, 'package.json', 'package-lock.json', JAR].filter((f) => !skip.includes(f))) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), `${f}\n`);
  }
  mkdirSync(join(root, 'tests'), { recursive: true });
  writeFileSync(join(root, 'tests', 'not-in-the-bundle.ts'), 'x\n');
  return root;
}

describe('the stack bundle', () => {
  it('holds compose/, dist/, the npm manifests and the UDF jar, and nothing else of the checkout', () => {
    const root = checkout();
    const b = writeStackBundle(root, join(root, 'out', 'bundle.tar.gz'));
    const names = execFileSync('tar', ['-tzf', b.path], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(names).toEqual(
      expect.arrayContaining(['compose/docker-compose.yml', 'dist/cli/bin.js', 'dist/ui/app.js', 'package.json', JAR]),
    );
    expect(names.some((n) => n.startsWith('tests'))).toBe(false);
    expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('is the same bytes for the same files, whatever their times; another file changes it', () => {
    const root = checkout();
    const a = writeStackBundle(root, join(root, 'a.tar.gz'));
    utimesSync(join(root, 'dist/cli/bin.js'), new Date(0), new Date(1_000_000_000));
    expect(writeStackBundle(root, join(root, 'b.tar.gz')).sha256).toBe(a.sha256);
    writeFileSync(join(root, 'dist/cli/bin.js'), '// changed\n');
    expect(writeStackBundle(root, join(root, 'c.tar.gz')).sha256).not.toBe(a.sha256);
  });
  it('names what is missing before anything is written: the jar, the built map', () => {
    const root = checkout([JAR, 'dist/ui/app.js']);
    const run = () => writeStackBundle(root, join(root, 'out', 'bundle.tar.gz'));
    expect(run).toThrow(PrerequisiteError);
    expect(run).toThrow(
      new RegExp(`${JAR.replace(/\./g, '\\.')}.*dist/ui/app\\.js|dist/ui/app\\.js.*${JAR.replace(/\./g, '\\.')}`),
    );
    expect(() => writeStackBundle(checkout(['compose/docker-compose.yml']), '/tmp/x.tar.gz')).toThrow(
      /docker-compose\.yml not found/,
    );
  });
});
