// `ziem model dataset`: builds the supervised model's labelled windows and prints a summary per class.
import { emit, type Context } from '../context.js';
import { buildDataset, type DatasetOpts } from '../../udf-bridge/model-server/supervised/dataset.js';
import { modelJobEnv } from './job-env.js';

export async function run(ctx: Context, o: DatasetOpts): Promise<void> {
  const s = await buildDataset(modelJobEnv(ctx), o);
  emit(
    ctx,
    s,
    () =>
      `${s.windows} windows of ${s.runs} runs written to ${s.out}\n` +
      Object.entries(s.byClass)
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `  ${c.padEnd(24)} ${String(n).padStart(7)}`)
        .join('\n'),
  );
}
