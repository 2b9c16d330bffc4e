import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forWorker, parseProperties, resolvePlaceholders } from '../../../cli/connectors/placeholders.js';

describe('connector placeholders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-ph-'));
  writeFileSync(join(dir, 'neo4j.properties'), '# secrets\nneo4j.password = from-file-pw\nother: x\n');

  it('resolves env and file placeholders and reports the values of secret fields as secrets', () => {
    const r = resolvePlaceholders(
      {
        'neo4j.uri': 'bolt://127.0.0.1:${env:BOLT_PORT}',
        'neo4j.authentication.basic.password': '${file:neo4j.properties:neo4j.password}',
        'tasks.max': 1,
      },
      { env: { BOLT_PORT: '7687' }, baseDir: dir, source: 'connectors/graph.json' },
    );
    expect(r.config).toEqual({
      'neo4j.uri': 'bolt://127.0.0.1:7687',
      'neo4j.authentication.basic.password': 'from-file-pw',
      'tasks.max': '1',
    });
    // the port in neo4j.uri is not a credential: only the password field's value is masked
    expect(r.secrets).toEqual(['from-file-pw']);
  });

  it('names the file, field and variable when an env var is missing', () => {
    expect(() =>
      resolvePlaceholders(
        { 'neo4j.authentication.basic.password': '${env:NEO4J_PASSWORD}' },
        { env: {}, baseDir: dir, source: 'connectors/graph.json' },
      ),
    ).toThrow(
      'connectors/graph.json: field neo4j.authentication.basic.password: environment variable NEO4J_PASSWORD is not set',
    );
  });

  it('names a missing key in a file', () => {
    expect(() =>
      resolvePlaceholders({ p: '${file:neo4j.properties:nope}' }, { env: {}, baseDir: dir, source: 'c.json' }),
    ).toThrow(/key nope is not in .*neo4j\.properties/);
  });

  it('parses properties with = and : separators and comments', () => {
    expect([...parseProperties('a=1\n! c\nb : two words\n')]).toEqual([
      ['a', '1'],
      ['b', 'two words'],
    ]);
  });

  it('keeps placeholders for the worker, making relative file paths absolute from the connectors dir', () => {
    expect(forWorker('${file:sink.properties:neo4j.user}', '/srv/connectors')).toBe(
      '${file:/srv/connectors/sink.properties:neo4j.user}',
    );
    expect(forWorker('${file:/etc/ziem/s.properties:k}', '/srv/connectors')).toBe('${file:/etc/ziem/s.properties:k}');
    expect(forWorker('bolt://h:${env:PORT}/${file:../x.properties:db}', '/srv/connectors')).toBe(
      'bolt://h:${env:PORT}/${file:/srv/x.properties:db}',
    );
    expect(forWorker('no placeholder', '/srv/connectors')).toBe('no placeholder');
  });
});
