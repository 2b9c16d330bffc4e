// The local deployment planner: a fresh machine gets every step in dependency order, a converged
// deployment gets none, and each missing part brings back exactly its steps.
import { describe, expect, it } from 'vitest';
import { planDeploy, renderPlan, targetVersion, type LiveState } from '../../../cli/targets/local/plan.js';

const desired = { targetVersion: 9, rulesVersion: 9, skipped: undefined };
/** With a model migration (V000010) after the rules. */
const withModel = { targetVersion: 10, rulesVersion: 9, skipped: undefined };
const fresh: LiveState = {
  healthy: [],
  sandbox: false,
  capture: false,
  migratedVersion: undefined,
  graphSchema: undefined,
  connectorsPending: undefined,
  modelPresent: false,
  modelServed: false,
};
const converged: LiveState = {
  healthy: ['kafka', 'neo4j', 'connect', 'ksql'],
  sandbox: true,
  capture: true,
  migratedVersion: 9,
  graphSchema: true,
  connectorsPending: [],
  modelPresent: true,
  modelServed: true,
};
const kinds = (l: LiveState): string[] => planDeploy(desired, l).steps.map((s) => s.kind);

describe('planDeploy', () => {
  it('plans every step in order on a fresh machine', () => {
    expect(kinds(fresh)).toEqual([
      'stack-up',
      'sandbox-up',
      'capture-start',
      'ksql-apply',
      'graph-schema',
      'connectors-apply',
      'model-train',
      'model-serve',
    ]);
    // the engine server is a stack component: `stack up` starts it, after Kafka and Connect
    expect(planDeploy(desired, fresh).steps[0]).toEqual({
      kind: 'stack-up',
      components: ['kafka', 'neo4j', 'connect', 'ksql'],
    });
  });

  it('has nothing to do when the deployment is up to date', () => {
    const plan = planDeploy(desired, converged);
    expect(plan.steps).toEqual([]);
    expect(renderPlan(plan)).toBe('nothing to do: the local deployment is up to date');
  });

  it('restarts only what stopped', () => {
    expect(kinds({ ...converged, healthy: ['kafka', 'neo4j', 'ksql'] })).toEqual(['stack-up', 'connectors-apply']);
    expect(kinds({ ...converged, capture: false })).toEqual(['capture-start']);
    expect(kinds({ ...converged, modelServed: false })).toEqual(['model-serve']);
    // a new sandbox needs a new capture agent: the old one captured on the removed bridge
    expect(kinds({ ...converged, sandbox: false })).toEqual(['sandbox-up', 'capture-start']);
  });

  it('applies migrations from the recorded version up to the target', () => {
    const plan = planDeploy(desired, { ...converged, migratedVersion: 5 });
    expect(plan.steps).toEqual([{ kind: 'ksql-apply', from: 5, to: 9 }]);
    expect(renderPlan(plan)).toContain('apply ksql/ migrations V000005 → V000009');
  });

  it('re-applies migrations when the engine restarts (its state is unknown until it answers)', () => {
    const plan = planDeploy(desired, {
      ...converged,
      healthy: ['kafka', 'neo4j', 'connect'],
      migratedVersion: undefined,
    });
    expect(plan.steps).toEqual([
      { kind: 'stack-up', components: ['ksql'] },
      { kind: 'ksql-apply', from: undefined, to: 9 },
    ]);
    expect(renderPlan(plan)).toContain('1. start the stack: ksql');
  });

  it('updates only the drifted connectors', () => {
    const plan = planDeploy(desired, { ...converged, connectorsPending: ['ziem-flows-graph'] });
    expect(plan.steps).toEqual([{ kind: 'connectors-apply', names: ['ziem-flows-graph'] }]);
  });

  it('starts the network map last, where deploy runs it, and only when it does not answer', () => {
    expect(kinds({ ...fresh, uiServed: false }).at(-1)).toBe('ui-serve');
    expect(kinds({ ...converged, uiServed: false })).toEqual(['ui-serve']);
    expect(kinds({ ...converged, uiServed: true })).toEqual([]);
    expect(renderPlan(planDeploy(desired, { ...converged, uiServed: false }))).toContain(
      'start the network map (ziem ui)',
    );
  });

  it('trains the attack classifier once the labels topic holds attack runs, and only then', () => {
    expect(kinds({ ...converged, classifierPresent: false, attackRuns: 0 })).toEqual([]);
    expect(kinds({ ...converged, classifierPresent: false, attackRuns: undefined })).toEqual([]);
    expect(kinds({ ...converged, classifierPresent: true, attackRuns: 40 })).toEqual([]);
    const plan = planDeploy(desired, { ...converged, modelPresent: false, classifierPresent: false, attackRuns: 40 });
    // after the anomaly model (both read HOST_WINDOWS), before the server that serves both
    expect(plan.steps.map((s) => s.kind)).toEqual(['model-train', 'classifier-train', 'model-serve']);
    expect(renderPlan(plan)).toContain('(40 attack runs) and train the attack classifier');
  });

  it('trains and serves a model when none exists', () => {
    expect(kinds({ ...converged, modelPresent: false })).toEqual(['model-train', 'model-serve']);
  });

  it('applies the model migrations after training, with the model threshold', () => {
    const plan = planDeploy(withModel, fresh);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'stack-up',
      'sandbox-up',
      'capture-start',
      'ksql-apply',
      'graph-schema',
      'connectors-apply',
      'model-train',
      'model-serve',
      'ksql-apply',
    ]);
    expect(plan.steps[3]).toEqual({ kind: 'ksql-apply', from: undefined, to: 9 });
    expect(plan.steps[8]).toEqual({ kind: 'ksql-apply', from: 9, to: 10, model: true });
    expect(renderPlan(plan)).toContain('V000009 → V000010 (model alerts');
    // rules applied, model ones not yet: only the model step; all applied: nothing
    expect(planDeploy(withModel, converged).steps).toEqual([{ kind: 'ksql-apply', from: 9, to: 10, model: true }]);
    expect(planDeploy(withModel, { ...converged, migratedVersion: 10 }).steps).toEqual([]);
    expect(planDeploy(withModel, { ...converged, migratedVersion: 4 }).steps).toEqual([
      { kind: 'ksql-apply', from: 4, to: 9 },
      { kind: 'ksql-apply', from: 9, to: 10, model: true },
    ]);
  });

  it('carries the note on skipped migrations', () => {
    const plan = planDeploy({ targetVersion: 9, rulesVersion: 9, skipped: 'V000010 skipped' }, converged);
    expect(renderPlan(plan)).toBe('nothing to do: the local deployment is up to date\nnote: V000010 skipped');
  });
});

describe('targetVersion', () => {
  const files = [
    { version: 1, fileName: 'V000001__Packets.sql', callsModel: false },
    { version: 9, fileName: 'V000009__Brute_force_alerts.sql', callsModel: false },
    { version: 10, fileName: 'V000010__Anomaly_alerts.sql', callsModel: true },
  ];

  it('stops before the first file that needs ANOMALY_SCORE when the engine lacks it', () => {
    const d = targetVersion(files, false);
    expect(d.targetVersion).toBe(9);
    expect(d.rulesVersion).toBe(9);
    expect(d.skipped).toContain('V000010__Anomaly_alerts.sql');
  });

  it('applies every file when the engine has ANOMALY_SCORE', () => {
    expect(targetVersion(files, true)).toEqual({ targetVersion: 10, rulesVersion: 9, skipped: undefined });
    expect(targetVersion(files.slice(0, 2), true)).toEqual({ targetVersion: 9, rulesVersion: 9, skipped: undefined });
  });
});
