// Config templates render with exactly the values the components provide, and the jar cache key and
// versions come from local/pom.xml and the sink plugin's sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../cli/stack/templates.js';
import { jarCacheKey, pomVersions } from '../../../cli/stack/jars.js';
import { localDir } from '../../../cli/stack/layout.js';
import { InternalError } from '../../../core/errors/ziem-error.js';

describe('renderTemplate', () => {
  it('fills every placeholder', () => {
    expect(renderTemplate('listeners=PLAINTEXT://${bindHost}:${port}\n', { bindHost: '127.0.0.1', port: 19092 })).toBe(
      'listeners=PLAINTEXT://127.0.0.1:19092\n',
    );
  });

  it('fails loudly, naming the template, when a placeholder has no value', () => {
    expect(() => renderTemplate('a=${missing}', {}, 'local/templates/x.properties')).toThrow(InternalError);
    expect(() => renderTemplate('a=${missing}', {}, 'local/templates/x.properties')).toThrow(
      /x\.properties: no value for placeholder \$\{missing\}/,
    );
  });

  it.each([
    ['kafka-server.properties', ['bindHost', 'controllerPort', 'dataDir', 'port']],
    ['connect-distributed.properties', ['bindHost', 'bootstrap', 'pluginPath', 'port']],
    ['neo4j.conf', ['bindHost', 'boltPort', 'dataDir', 'homeDir', 'httpPort', 'logsDir', 'pageCacheMb']],
  ])('%s uses exactly the placeholders its component fills', (file, keys) => {
    const text = readFileSync(join(localDir(), 'templates', file), 'utf8');
    const used = [...new Set([...text.matchAll(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]))].sort();
    expect(used).toEqual(keys);
  });
});

describe('jars', () => {
  it('reads the Kafka and Neo4j versions from the pom', () => {
    expect(
      pomVersions(
        '<properties><kafka.version>4.1.1</kafka.version><neo4j.version>5.26.19</neo4j.version></properties>',
      ),
    ).toEqual({ kafka: '4.1.1', neo4j: '5.26.19' });
    expect(() => pomVersions('<properties/>')).toThrow(/no <kafka.version> property/);
  });

  it('pins Kafka 4.x and Neo4j 5.26.x in local/pom.xml', () => {
    const v = pomVersions(readFileSync(join(localDir(), 'pom.xml'), 'utf8'));
    expect(v.kafka).toMatch(/^4\./);
    expect(v.neo4j).toMatch(/^5\.26\./);
  });

  it('keys the cache by content: stable across calls, 16 hex digits', () => {
    const k = jarCacheKey(localDir());
    expect(k).toMatch(/^[0-9a-f]{16}$/);
    expect(jarCacheKey(localDir())).toBe(k);
  });
});
