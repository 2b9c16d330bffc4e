// The ksql/ pipeline on the embedded engine in memory, for `ziem analyze`: the migration files in
// version order, each prepared by `ziem ksql apply`'s own code (parsing, variable substitution with
// --define winning, SET scoped to its file), on an in-memory driver that keeps only the topics
// analyze reads back. A file calling the models (ANOMALY_SCORE, ATTACK_CLASS) runs only with a model,
// both functions answered in process by one invoker.
import { discoverMigrations, type MigrationFile } from '../ksql/migration-files.js';
import { prepareFile } from '../ksql/prepare-file.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { Engine } from '../../engine/runtime/engine.js';
import { MemoryDriver } from '../../engine/runtime/memory-driver.js';
import type { RemoteInvoker } from '../../engine/exec/functions/remote-function.js';
import { remoteFunctionSettings } from '../../engine/exec/functions/remote-settings.js';
import { callsModel } from '../targets/local/plan.js';

export interface PipelineOptions {
  migrationsDir: string;
  captureTopic: string;
  defines: Readonly<Record<string, string>>;
  /** Whether a topic keeps its records for analyze to read back after the run (the others keep none). */
  keep: (topic: string) => boolean;
  /** ANOMALY_SCORE and ATTACK_CLASS in process; without them the models' migrations are left out. */
  model?: { invoker: RemoteInvoker };
}

export interface AnalyzePipeline {
  engine: Engine;
  driver: MemoryDriver;
  files: MigrationFile[];
}

/** A migration statement the embedded engine refused, named by file:line. */
export class PipelineLoadError extends ZiemError {
  constructor(message: string, cause: unknown) {
    super('ANALYZE_PIPELINE', message, { cause, hint: 'the same file fails `ziem ksql apply`; fix it there' });
  }
}

function applyFile(engine: Engine, file: MigrationFile, defines: Readonly<Record<string, string>>): void {
  const saved = { ...engine.props };
  for (const p of prepareFile(file, file.fileName, defines)) {
    try {
      if (p.route.kind === 'set') engine.props[p.route.name] = p.route.value;
      else if (p.route.kind === 'unset') delete engine.props[p.route.name];
      else if (p.route.kind !== 'variable') engine.execute(p.text);
    } catch (err) {
      throw new PipelineLoadError(`${p.where}: ${(err as Error).message}`, err);
    }
  }
  for (const k of Object.keys(engine.props)) delete engine.props[k];
  Object.assign(engine.props, saved);
}

/** A remote function's settings as `ksql serve --property` would give them; the invoker never uses the URL. */
function inProcess(fn: string, model: string): Record<string, string> {
  return {
    [`ksql.functions.${fn}.url`]: 'http://in-process.invalid',
    [`ksql.functions.${fn}.model`]: model,
    [`ksql.functions.${fn}.timeout.ms`]: '60000',
    [`ksql.functions.${fn}.breaker.failures`]: '1000000',
    [`ksql.functions.${fn}.pool.size`]: '1',
  };
}

export function loadAnalyzePipeline(o: PipelineOptions): AnalyzePipeline {
  const driver = new MemoryDriver({ retain: o.keep });
  // the capture creates its topic before the migrations run, as the agent does
  driver.createTopic(o.captureTopic, { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
  const engine = new Engine({
    driver,
    props: { 'auto.offset.reset': 'earliest' },
    ...(o.model
      ? {
          remoteFunctions: remoteFunctionSettings({
            ...inProcess('anomaly_score', 'anomaly'),
            ...inProcess('attack_class', 'attack-class'),
            'ksql.functions.attack_class.kind': 'classify',
          }),
          remoteInvoker: o.model.invoker,
        }
      : {}),
  });
  const files = discoverMigrations(o.migrationsDir).files.filter((f) => o.model !== undefined || !callsModel(f.text));
  for (const f of files) applyFile(engine, f, o.defines);
  return { engine, driver, files };
}
