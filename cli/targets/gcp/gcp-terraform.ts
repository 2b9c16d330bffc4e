// The gcp target's Terraform: the sandbox's working directory under <stateDir>/gcp/<sandbox name>/
// (a copy of terraform/gcp with terraform.tfvars.json from ziem.yaml, local or GCS state), the
// compose/ bundle the stack VM runs, and a TerraformClient with the data dir of that sandbox and a
// plugin cache shared by all. Where the module and compose/ come from can be changed (tests use a
// terraform_data fixture in place of terraform/gcp, which needs the google provider).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import type { Context } from '../../context.js';
import { projectRoot } from '../../stack/layout.js';
import { TerraformClient } from '../../clients/terraform/terraform-client.js';
import type { InterruptSource } from '../../clients/terraform/terraform-process.js';
import { gcpTfvars, type GcpTfvars } from '../../clients/terraform/gcp-tfvars.js';
import { backendFor, prepareWorkdir, type SandboxWorkdir } from '../../clients/terraform/workdir.js';

export interface GcpSources {
  /** the root module (default: terraform/gcp of this checkout) */
  moduleDir?: string;
  /** the compose target's directory the stack VM runs (default: compose/ of this checkout) */
  composeDir?: string;
  terraformBin?: string;
  interrupts?: InterruptSource;
}

/**
 * compose/ as base64 of a gzip tarball whose bytes depend only on the files: sorted names, no
 * times or owners, so an unchanged compose/ plans no change to the stack VM's metadata.
 */
export function composeBundle(dir: string): string {
  if (!existsSync(join(dir, 'docker-compose.yml')))
    throw new ZiemError(
      'GCP_COMPOSE',
      `${dir}/docker-compose.yml not found: the stack VM runs the compose target's file`,
      {
        hint: 'run from a checkout that has compose/ (the compose target)',
      },
    );
  const tar = execFileSync(
    'tar',
    ['-cf', '-', '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', dir, '.'],
    { maxBuffer: 64 << 20 },
  );
  return gzipSync(tar, { level: 9 }).toString('base64');
}

export interface GcpTerraform {
  readonly tf: TerraformClient;
  readonly wd: SandboxWorkdir;
  readonly vars: GcpTfvars;
}

export function gcpTerraform(ctx: Context, s: GcpSources = {}): GcpTerraform {
  const c = ctx.config;
  const root = projectRoot();
  const vars = gcpTfvars(c, composeBundle(s.composeDir ?? join(root, 'compose')));
  const dir = join(c.stateDir, 'gcp', c.gcp.sandboxName);
  const wd = prepareWorkdir({
    sourceModule: s.moduleDir ?? join(root, 'terraform', 'gcp'),
    root: join(dir, 'work'),
    backend: backendFor(c.stateDir, c.gcp.sandboxName, c.gcp.stateBucket),
    vars: { ...vars },
  });
  const tf = new TerraformClient({
    bin: s.terraformBin,
    workDir: wd.moduleDir,
    dataDir: wd.dataDir,
    pluginCacheDir: join(c.stateDir, 'gcp', 'plugin-cache'),
    lockTimeoutMs: c.gcp.lockTimeoutMs,
    env: { ...process.env, ...ctx.env },
    log: (l) => ctx.log.info(l),
    interrupts: s.interrupts,
  });
  return { tf, wd, vars };
}
