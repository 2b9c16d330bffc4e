// What the stack VM runs, as one gzip tarball: compose/ (the compose target's file and Dockerfiles)
// with the files its services take from this repository — dist/ and the npm manifests (the model
// server's and the map's image), the UDF jar (mounted into ksqlDB). Terraform uploads it to the
// sandbox's bucket and the VM fetches it at boot. The bytes depend only on the files (sorted names,
// no times or owners), so its SHA-256 names the object and an unchanged checkout plans no change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PrerequisiteError, ZiemError } from '../../../core/errors/ziem-error.js';
import { udfJarPath } from '../compose/compose-paths.js';

export interface StackBundle {
  path: string;
  sha256: string;
}

/** The repository files the bundle holds, relative to `root`; each must exist. */
function members(root: string): string[] {
  const jar = relative(root, udfJarPath(root));
  return ['compose', 'dist', 'package.json', 'package-lock.json', jar];
}

export function writeStackBundle(root: string, out: string): StackBundle {
  if (!existsSync(join(root, 'compose', 'docker-compose.yml')))
    throw new ZiemError(
      'GCP_COMPOSE',
      `${root}/compose/docker-compose.yml not found: the stack VM runs the compose target's file`,
      {
        hint: 'run from a checkout that has compose/ (the compose target)',
      },
    );
  const missing = [...members(root), 'dist/cli/bin.js', 'dist/ui/app.js'].filter((m) => !existsSync(join(root, m)));
  if (missing.length > 0)
    throw new PrerequisiteError(
      `the stack VM's bundle needs ${missing.map((m) => join(root, m)).join(', ')}: the model server's and the map's images copy dist/, ksqlDB mounts the UDF jar`,
      { hint: 'run `npm run build && mvn -f udf-bridge/java/pom.xml verify`' },
    );
  const tar = execFileSync(
    'tar',
    [
      '-cf',
      '-',
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-C',
      root,
      ...members(root),
    ],
    { maxBuffer: 512 << 20 },
  );
  const gz = gzipSync(tar, { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz, { mode: 0o600 });
  return { path: out, sha256: createHash('sha256').update(gz).digest('hex') };
}
