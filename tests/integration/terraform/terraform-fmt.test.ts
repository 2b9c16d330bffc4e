// terraform/ is formatted as `terraform fmt` would write it (the real binary; fmt needs no provider).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function terraform(args: string[], cliConfig: string): Promise<{ code: number; out: string }> {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig };
  return new Promise((resolve) =>
    execFile('terraform', args, { cwd: ROOT, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

it('terraform fmt -check -recursive terraform/ finds nothing to rewrite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-tf-fmt-'));
  try {
    const rc = join(dir, 'terraform.rc');
    writeFileSync(rc, '');
    expect(await terraform(['fmt', '-check', '-recursive', 'terraform/'], rc)).toEqual({ code: 0, out: '' });
    // and it would say so: a badly formatted file is found
    writeFileSync(join(dir, 'bad.tf'), 'variable "x" {\ntype=string\n}\n');
    const bad = await terraform(['fmt', '-check', dir], rc);
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('bad.tf');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
