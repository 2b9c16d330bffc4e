import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorFiles, parseConnectorFile } from '../../../cli/connectors/connector-files.js';

const SINK = 'org.neo4j.connectors.kafka.sink.Neo4jConnector';

function parse(text: string): { file: ReturnType<typeof parseConnectorFile>; problems: string[] } {
  const problems: string[] = [];
  return { file: parseConnectorFile('connectors/graph.json', text, problems), problems };
}

describe('connector files', () => {
  it('reads name and config, keeping placeholders as written', () => {
    const { file, problems } = parse(
      JSON.stringify({
        name: 'graph',
        config: { 'connector.class': SINK, 'tasks.max': 1, 'neo4j.authentication.basic.password': '${env:PW}' },
      }),
    );
    expect(problems).toEqual([]);
    expect(file).toEqual({
      name: 'graph',
      source: 'connectors/graph.json',
      config: { 'connector.class': SINK, 'tasks.max': 1, 'neo4j.authentication.basic.password': '${env:PW}' },
    });
  });

  it('points a JSON syntax error at line and column', () => {
    const { file, problems } = parse('{\n  "name": "graph",\n  "config": { "a": 1, }\n}');
    expect(file).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^connectors\/graph\.json:3:\d+: invalid JSON: /);
  });

  it('names the file, line and field of every problem at once', () => {
    const text =
      '{\n  "name": "bad name",\n  "config": {\n    "topics": ["a"],\n    "name": "other"\n  },\n  "tasks": 2\n}';
    const { problems } = parse(text);
    expect(problems).toEqual([
      'connectors/graph.json:7: field tasks: unknown (a connector file has only name and config)',
      expect.stringMatching(/^connectors\/graph\.json:2: field name: expected a connector name .*got "bad name"$/),
      'connectors/graph.json:4: field config.topics: expected a string, number or boolean, got object',
      "connectors/graph.json:3: field config.connector.class: required (the connector's Java class)",
      'connectors/graph.json:2: field config.name: "other" differs from name "bad name"; drop it or make them equal',
    ]);
  });

  it('rejects a config that is not an object', () => {
    expect(parse('{"name": "g", "config": "x"}').problems).toEqual([
      'connectors/graph.json:1: field config: expected an object of connector settings',
    ]);
    expect(parse('[1]').problems).toEqual(['connectors/graph.json:1: expected an object {"name": "…", "config": {…}}']);
  });

  it('loads *.json sorted by file name and reports duplicate names across files', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ziem-cf-')), 'connectors');
    mkdirSync(dir);
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ name: 'two', config: { 'connector.class': SINK } }));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ name: 'one', config: { 'connector.class': SINK } }));
    writeFileSync(join(dir, 'notes.txt'), 'not a connector');
    expect(loadConnectorFiles(dir).map((f) => [f.source, f.name])).toEqual([
      ['connectors/a.json', 'one'],
      ['connectors/b.json', 'two'],
    ]);
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ name: 'one', config: { 'connector.class': SINK } }));
    expect(() => loadConnectorFiles(dir)).toThrow(
      'connectors/c.json: field name: connector one is already defined in connectors/a.json',
    );
  });

  it('names the missing directory and the setting that moves it', () => {
    expect(() => loadConnectorFiles('/nonexistent/connectors')).toThrow(
      expect.objectContaining({
        code: 'CONNECTORS_DIR',
        message: 'connector directory /nonexistent/connectors does not exist',
        hint: expect.stringContaining('connectors.dir'),
      }),
    );
  });
});
