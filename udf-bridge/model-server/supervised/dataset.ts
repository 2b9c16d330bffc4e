// `ziem model dataset`: host windows joined to the simulator's ground truth, written as JSON lines
// {features, class, run, src, windowStart}, the input of `ziem model train --supervised`.
import { writeFile } from 'node:fs/promises';
import type { ModelJobEnv } from '../job-env.js';
import { ModelError } from '../model-error.js';
import { readJsonRecords } from './json-source.js';
import { decodeHostWindow, decodeRunLabel, labelWindows, type LabelledWindow } from './labelled-windows.js';

export interface DatasetOpts {
  from: string;
  labels: string;
  out: string;
}

export interface DatasetSummary {
  out: string;
  windows: number;
  runs: number;
  byClass: Record<string, number>;
}

export async function buildDataset(env: ModelJobEnv, o: DatasetOpts): Promise<DatasetSummary> {
  const windows = await readJsonRecords(o.from, decodeHostWindow, { bootstrap: env.bootstrap, flag: '--from' });
  const labels = await readJsonRecords(o.labels, decodeRunLabel, { bootstrap: env.bootstrap, flag: '--labels' });
  if (windows.length === 0)
    throw new ModelError('MODEL_INPUT', `--from ${o.from}: no host windows`, {
      hint: 'run traffic through the pipeline first (ziem attack-sim …), or name the HOST_WINDOWS topic',
    });
  env.log(`joining ${windows.length} window rows to ${labels.length} runs`);
  const rows = labelWindows(windows, labels);
  const widths = new Set(rows.map((r) => r.features.length));
  if (widths.size > 1)
    throw new ModelError(
      'MODEL_INPUT',
      `--from ${o.from}: windows have ${[...widths].join(' and ')} features (a pipeline change mid-topic?)`,
    );
  await writeFile(o.out, rows.map((r: LabelledWindow) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  const byClass: Record<string, number> = {};
  for (const r of rows) byClass[r.class] = (byClass[r.class] ?? 0) + 1;
  return { out: o.out, windows: rows.length, runs: new Set(rows.map((r) => r.run)).size, byClass };
}
