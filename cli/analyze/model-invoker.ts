// ANOMALY_SCORE for `ziem analyze --model <dir>`: the trained model loaded in this process (the
// model server's own scorer), answering the engine's remote calls without an HTTP server.
import { loadScorer, type Scorer } from '../../udf-bridge/model-server/scorer.js';
import type { RemoteCall, RemoteInvoker, RemoteOutcome } from '../../engine/exec/functions/remote-function.js';

export interface InProcessModel {
  scorer: Scorer;
  invoker: RemoteInvoker;
  /** The model's alert threshold, from its metadata.json. */
  threshold: number;
}

export async function loadInProcessModel(dir: string): Promise<InProcessModel> {
  const scorer = await loadScorer(dir);
  const invoker: RemoteInvoker = {
    invoke: async (call: RemoteCall): Promise<RemoteOutcome> => {
      if (call.features.length !== scorer.meta.width)
        return {
          value: null,
          problem: `features have ${call.features.length} values, the model ${scorer.meta.width}`,
        };
      const out = await scorer.score([call.features]);
      const v = out[0];
      return v === undefined || !Number.isFinite(v) ? { value: null, problem: 'no finite score' } : { value: v };
    },
    close: () => undefined,
  };
  return { scorer, invoker, threshold: scorer.meta.threshold.threshold };
}
