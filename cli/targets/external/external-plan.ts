// The external target's plan: for a Kafka, ksqlDB, Connect and Neo4j someone else runs, only the
// steps every target runs and nothing that provisions: the rule migrations, the graph constraints,
// the sink connectors, and the model's migrations when that ksqlDB has ANOMALY_SCORE and a model
// trained with `ziem model train` is here. Pure; external-target.ts reads the state.
import type { Desired, Step } from '../local/plan.js';
import type { TargetPlan } from '../target.js';

export interface ExternalLive {
  readonly migratedVersion: number | undefined;
  readonly graphSchema: boolean | undefined;
  readonly connectorsPending: readonly string[] | undefined;
  readonly modelPresent: boolean;
}

export type ExternalStep = Extract<Step, { kind: 'ksql-apply' | 'graph-schema' | 'connectors-apply' }>;

export function planExternal(desired: Desired, live: ExternalLive): TargetPlan<ExternalStep> {
  const steps: ExternalStep[] = [];
  const notes = desired.skipped ? [desired.skipped] : [];
  const migrated = live.migratedVersion;
  if (migrated === undefined || migrated < desired.rulesVersion)
    steps.push({ kind: 'ksql-apply', from: migrated, to: desired.rulesVersion });
  if (live.graphSchema !== true) steps.push({ kind: 'graph-schema' });
  if (live.connectorsPending === undefined || live.connectorsPending.length > 0)
    steps.push({ kind: 'connectors-apply', names: live.connectorsPending });
  if (desired.targetVersion > desired.rulesVersion && (migrated === undefined || migrated < desired.targetVersion)) {
    if (live.modelPresent) {
      const from = migrated === undefined || migrated < desired.rulesVersion ? desired.rulesVersion : migrated;
      steps.push({ kind: 'ksql-apply', from, to: desired.targetVersion, model: true });
    } else {
      notes.push(
        'model alerts are not applied: train a model first (`ziem model train`; ziem provisions no warm-up traffic on an external platform); rule alerts are on',
      );
    }
  }
  return { steps, notes };
}
