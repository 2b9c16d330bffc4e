// connectors/*.json as `ziem connectors apply` reads them: valid files, one Cypher statement per
// subscribed topic, credentials only as placeholders, the windowed FLOWS key never decoded as JSON,
// and MERGE keys that match the constraints of graph-schema.cypher.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorFiles } from '../../../cli/connectors/connector-files.js';

const DIR = join(import.meta.dirname, '../../../connectors');
const files = loadConnectorFiles(DIR);
const byTopic = new Map(files.map((f) => [String(f.config['topics']), f]));

describe('connectors/', () => {
  it("has one Neo4j sink for each of FLOWS, ALERTS and INCIDENTS, each with its topic's statement", () => {
    expect([...byTopic.keys()].sort()).toEqual(['ALERTS', 'FLOWS', 'INCIDENTS']);
    for (const [topic, f] of byTopic) {
      expect(f.config['connector.class']).toBe('org.neo4j.connectors.kafka.sink.Neo4jConnector');
      const statements = Object.keys(f.config).filter((k) => k.startsWith('neo4j.cypher.topic.'));
      expect(statements).toEqual([`neo4j.cypher.topic.${topic}`]);
      expect(String(f.config[`neo4j.cypher.topic.${topic}`])).toMatch(/^WITH __value AS v WHERE v IS NOT NULL /);
    }
  });

  it('keeps credentials and addresses out of the files', () => {
    for (const f of files) {
      expect(f.config['neo4j.uri']).toBe('${env:ZIEM_NEO4J_URI}');
      expect(f.config['neo4j.authentication.basic.username']).toBe('${env:ZIEM_NEO4J_USER}');
      expect(f.config['neo4j.authentication.basic.password']).toBe('${env:ZIEM_NEO4J_PASSWORD}');
      expect(JSON.stringify(f.config)).not.toMatch(/bolt:\/\/|neo4j:\/\/|password=/i);
    }
  });

  it('reads keys as bytes (FLOWS keys are JSON plus an 8-byte window start)', () => {
    for (const f of files)
      expect(f.config['key.converter']).toBe('org.apache.kafka.connect.converters.ByteArrayConverter');
  });

  it('MERGEs on the properties graph-schema.cypher makes unique', () => {
    const schema = readFileSync(join(DIR, 'graph-schema.cypher'), 'utf8');
    const unique = [...schema.matchAll(/FOR \((\w+):(\w+)\) REQUIRE \1\.(\w+) IS UNIQUE/g)]
      .map((m) => `${m[2]}.${m[3]}`)
      .sort();
    expect(unique).toEqual(['Alert.id', 'FlowWindow.id', 'Host.ip', 'Incident.id']);
    const cypher = files.map((f) => String(f.config[`neo4j.cypher.topic.${String(f.config['topics'])}`])).join(' ');
    const merged = [...cypher.matchAll(/MERGE \(\w+:(\w+) \{(\w+):/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(new Set(merged)).toEqual(new Set(unique));
  });
});
