// `npm run bench`: runs every bench/*-bench module in turn and prints one JSON line per figure:
// {"bench","unit","value"} plus "baseline" and "ratio" where a baseline ran beside it.
// A module that fails prints an error line on stderr and the others still run. Words after the
// module names that start with -- (and their values) are the modules' own flags, read from argv.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('--'));
const only = firstFlag < 0 ? args : args.slice(0, firstFlag);
const files = readdirSync(here)
  .filter((f) => /-bench\.js$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = 0;
for (const f of files) {
  process.stderr.write(`bench: running ${f}\n`);
  try {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchResult[]> };
    for (const r of await mod.run()) {
      const out: BenchResult = { ...r };
      if (r.baseline !== undefined && r.ratio === undefined && r.baseline !== 0)
        out.ratio = Number((r.value / r.baseline).toFixed(4));
      process.stdout.write(JSON.stringify(out) + '\n');
    }
  } catch (err) {
    failed++;
    process.stderr.write(`bench: ${f} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
