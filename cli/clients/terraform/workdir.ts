// A sandbox's Terraform working directory: a copy of the root module (so each sandbox keeps the
// module it was deployed with, and no sandbox writes into the repository), the variables as
// terraform.tfvars.json (0600), and the backend: local state under the state directory, or GCS
// with one prefix per sandbox name through a backend_override.tf.json.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SandboxWorkdir {
  /** the copied root module terraform runs in */
  readonly moduleDir: string;
  /** TF_DATA_DIR of this sandbox */
  readonly dataDir: string;
  /** plan files */
  readonly planFile: string;
  /** what `init` passes as -backend-config */
  readonly backendConfig: Readonly<Record<string, string>>;
}

export type Backend = { kind: 'local'; statePath: string } | { kind: 'gcs'; bucket: string; prefix: string };

/** Local state at <stateDir>/gcp/<name>/terraform.tfstate, or gs://<bucket>/ziem/<name>/. */
export function backendFor(stateDir: string, sandboxName: string, stateBucket: string | undefined): Backend {
  return stateBucket
    ? { kind: 'gcs', bucket: stateBucket, prefix: `ziem/${sandboxName}` }
    : { kind: 'local', statePath: join(stateDir, 'gcp', sandboxName, 'terraform.tfstate') };
}

export function prepareWorkdir(o: {
  sourceModule: string;
  root: string;
  backend: Backend;
  vars: Readonly<Record<string, unknown>>;
}): SandboxWorkdir {
  const moduleDir = join(o.root, 'module');
  // a fresh copy each time: files removed from the module must not linger in the sandbox's copy
  rmSync(moduleDir, { recursive: true, force: true });
  mkdirSync(o.root, { recursive: true, mode: 0o700 });
  cpSync(o.sourceModule, moduleDir, { recursive: true, filter: (src) => !/\.terraform(\/|$)|\.tfstate/.test(src) });
  writeFileSync(join(moduleDir, 'terraform.tfvars.json'), JSON.stringify(o.vars, null, 2) + '\n', { mode: 0o600 });
  let backendConfig: Record<string, string>;
  if (o.backend.kind === 'gcs') {
    // an override file replaces the module's backend block whole, type included
    writeFileSync(join(moduleDir, 'backend_override.tf.json'), JSON.stringify({ terraform: { backend: { gcs: {} } } }));
    backendConfig = { bucket: o.backend.bucket, prefix: o.backend.prefix };
  } else {
    backendConfig = { path: o.backend.statePath };
  }
  return { moduleDir, dataDir: join(o.root, 'data'), planFile: join(o.root, 'tfplan'), backendConfig };
}
