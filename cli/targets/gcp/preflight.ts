// Before anything is planned or created on Google Cloud: gcloud runs, an account is logged in,
// Application Default Credentials exist for Terraform's google provider, and the project exists,
// is ACTIVE and is visible to that account. Each problem is one clear error naming what to do;
// nothing here changes anything.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PrerequisiteError, ZiemError } from '../../../core/errors/ziem-error.js';
import { gcloudErrorLine, gcloudJson, runGcloud, type Gcloud } from './gcloud.js';

/** `gcloud auth list --format=json`: one entry per credentialed account. */
interface AuthEntry {
  account: string;
  status: string;
}

/** `gcloud projects describe --format=json` (Resource Manager v1 Project), the fields used. */
interface ProjectInfo {
  projectId: string;
  projectNumber?: string;
  lifecycleState?: string;
}

export interface PreflightResult {
  readonly gcloudVersion: string;
  readonly account: string;
  readonly projectNumber: string | undefined;
}

/** Where Terraform's google provider finds credentials (ADC); undefined when there are none. */
export function adcSource(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const k of ['GOOGLE_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN']) if (env[k]) return k;
  const file = env['GOOGLE_APPLICATION_CREDENTIALS'];
  if (file) return existsSync(file) ? file : undefined;
  const dir = env['CLOUDSDK_CONFIG'] ?? join(env['HOME'] ?? homedir(), '.config', 'gcloud');
  const adc = join(dir, 'application_default_credentials.json');
  return existsSync(adc) ? adc : undefined;
}

export async function gcpPreflight(g: Gcloud, project: string): Promise<PreflightResult> {
  const version = await gcloudJson<Record<string, string>>(g, ['version'], 'gcloud version');
  const sdk = version?.['Google Cloud SDK'];
  if (!sdk)
    throw new PrerequisiteError(
      `${g.bin} does not look like the Google Cloud CLI (no "Google Cloud SDK" in its version)`,
    );
  const accounts = (await gcloudJson<AuthEntry[]>(g, ['auth', 'list'], 'gcloud auth list')) ?? [];
  const active = accounts.find((a) => a.status === 'ACTIVE');
  if (!active)
    throw new PrerequisiteError('gcloud has no active account: nothing can reach Google Cloud', {
      hint: 'run `gcloud auth login` (or `gcloud auth activate-service-account --key-file=…`)',
    });
  if (!adcSource(g.env))
    throw new PrerequisiteError("no Application Default Credentials for Terraform's google provider", {
      hint: 'run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a key file',
    });
  const r = await runGcloud(g, ['projects', 'describe', project, '--format=json']);
  if (r.code !== 0)
    throw new ZiemError('GCP_PROJECT', `project "${project}" cannot be used: ${gcloudErrorLine(r.stderr)}`, {
      hint: `check gcp.project (or --project); \`gcloud projects list\` shows the projects ${active.account} can see`,
    });
  const p = JSON.parse(r.stdout) as ProjectInfo;
  if (p.projectId !== project)
    throw new ZiemError('GCP_PROJECT', `gcloud described project "${p.projectId}" when asked for "${project}"`);
  if (p.lifecycleState !== undefined && p.lifecycleState !== 'ACTIVE')
    throw new ZiemError('GCP_PROJECT', `project "${project}" is ${p.lifecycleState}, not ACTIVE`, {
      hint: 'pick an active project, or restore this one (`gcloud projects undelete`)',
    });
  return { gcloudVersion: sdk, account: active.account, projectNumber: p.projectNumber };
}
