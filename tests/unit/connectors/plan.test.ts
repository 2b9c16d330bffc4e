import { describe, expect, it } from 'vitest';
import { planConnectors, renderPlan, type DesiredConnector } from '../../../cli/connectors/plan.js';

const CLS = 'org.neo4j.connectors.kafka.sink.Neo4jConnector';

function desired(name: string, raw: Record<string, string>): DesiredConnector {
  return { name, source: `connectors/${name}.json`, raw: { ...raw, name } };
}

const graph = desired('graph', {
  'connector.class': CLS,
  'neo4j.uri': 'bolt://127.0.0.1:7687',
  'neo4j.authentication.basic.password': '${env:NEO4J_PASSWORD}',
  'tasks.max': '1',
});

describe('connector plan', () => {
  it('creates what is not deployed, listing every key with placeholders as written', () => {
    const plan = planConnectors([graph], new Map());
    expect(plan.steps).toEqual([
      {
        name: 'graph',
        source: 'connectors/graph.json',
        action: 'create',
        changes: [
          { key: 'connector.class', kind: 'added', to: CLS },
          { key: 'name', kind: 'added', to: 'graph' },
          { key: 'neo4j.authentication.basic.password', kind: 'added', to: '${env:NEO4J_PASSWORD}' },
          { key: 'neo4j.uri', kind: 'added', to: 'bolt://127.0.0.1:7687' },
          { key: 'tasks.max', kind: 'added', to: '1' },
        ],
      },
    ]);
  });

  it('replaces a resolved secret stored by an older ziem with its placeholder, masked', () => {
    const plan = planConnectors(
      [graph],
      new Map([['graph', { ...graph.raw, 'neo4j.authentication.basic.password': 's3cr3t-pw' }]]),
    );
    expect(plan.steps[0]?.changes).toEqual([
      { key: 'neo4j.authentication.basic.password', kind: 'changed', from: '********', to: '${env:NEO4J_PASSWORD}' },
    ]);
  });

  it('leaves a connector whose live config holds the placeholders as written unchanged', () => {
    const plan = planConnectors([graph], new Map([['graph', { ...graph.raw }]]));
    expect(plan.steps.map((s) => [s.action, s.changes])).toEqual([['unchanged', []]]);
    expect(renderPlan(plan)).toBe(
      'unchanged graph (connectors/graph.json)\nnothing to apply: every connector is up to date',
    );
  });

  it('updates with changed, added and removed keys, masking secret values on both sides', () => {
    const live: Record<string, string> = {
      ...graph.raw,
      'neo4j.authentication.basic.password': 'old-pw',
      'tasks.max': '2',
      'errors.tolerance': 'all',
      'ssl.key': 'k',
    };
    delete live['neo4j.uri'];
    const plan = planConnectors(
      [graph],
      new Map<string, Record<string, string>>([
        ['graph', live],
        ['legacy', { name: 'legacy' }],
      ]),
    );
    expect(plan.steps[0]?.action).toBe('update');
    expect(plan.steps[0]?.changes).toEqual([
      { key: 'errors.tolerance', kind: 'removed', from: 'all' },
      { key: 'neo4j.authentication.basic.password', kind: 'changed', from: '********', to: '${env:NEO4J_PASSWORD}' },
      { key: 'neo4j.uri', kind: 'added', to: 'bolt://127.0.0.1:7687' },
      { key: 'ssl.key', kind: 'removed', from: '********' },
      { key: 'tasks.max', kind: 'changed', from: '2', to: '1' },
    ]);
    expect(plan.unmanaged).toEqual(['legacy']);
    const text = renderPlan(plan);
    expect(text).toBe(
      [
        'update    graph (connectors/graph.json)',
        '    - errors.tolerance (was all)',
        '    ~ neo4j.authentication.basic.password: ******** → ${env:NEO4J_PASSWORD}',
        '    + neo4j.uri = bolt://127.0.0.1:7687',
        '    - ssl.key (was ********)',
        '    ~ tasks.max: 2 → 1',
        'unmanaged legacy (no file describes it; apply leaves it alone)',
        '1 of 1 connectors would change',
      ].join('\n'),
    );
    expect(text).not.toContain('old-pw');
    expect(text).not.toContain('s3cr3t-pw');
  });

  it('masks a literal password written in a file', () => {
    const plain = desired('p', { 'connector.class': CLS, 'connection.password': 'literal' });
    expect(planConnectors([plain], new Map()).steps[0]?.changes).toContainEqual({
      key: 'connection.password',
      kind: 'added',
      to: '********',
    });
  });
});
