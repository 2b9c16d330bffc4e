// The gcp target's Terraform: the sandbox's working directory under <stateDir>/gcp/<sandbox name>/
// (a copy of terraform/gcp with terraform.tfvars.json from ziem.yaml, local or GCS state), the
// bundle the stack VM runs (stack-bundle.ts, written beside it), and a TerraformClient with the data
// dir of that sandbox and a plugin cache shared by all. Where the module and the bundle's checkout
// come from can be changed (tests use a terraform_data fixture in place of terraform/gcp, which
// needs the google provider).
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { projectRoot } from '../../stack/layout.js';
import { TerraformClient } from '../../clients/terraform/terraform-client.js';
import type { InterruptSource } from '../../clients/terraform/terraform-process.js';
import { gcpTfvars, type GcpTfvars } from '../../clients/terraform/gcp-tfvars.js';
import { backendFor, prepareWorkdir, type SandboxWorkdir } from '../../clients/terraform/workdir.js';
import { writeStackBundle } from './stack-bundle.js';

export interface GcpSources {
  /** the root module (default: terraform/gcp of this checkout) */
  moduleDir?: string;
  /** the checkout whose compose/, dist/ and UDF jar the stack VM runs (default: this one) */
  stackRoot?: string;
  terraformBin?: string;
  interrupts?: InterruptSource;
}

export interface GcpTerraform {
  readonly tf: TerraformClient;
  readonly wd: SandboxWorkdir;
  readonly vars: GcpTfvars;
}

export function gcpTerraform(ctx: Context, s: GcpSources = {}): GcpTerraform {
  const c = ctx.config;
  const root = projectRoot();
  const dir = join(c.stateDir, 'gcp', c.gcp.sandboxName);
  const vars = gcpTfvars(c, writeStackBundle(s.stackRoot ?? root, join(dir, 'stack-bundle.tar.gz')));
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
