// The external target's credentials path for real: a Kafka broker (the local stack's own jars,
// KRaft) started with a SASL_PLAINTEXT PLAIN listener only, reached through the Kafka settings of
// ziem.yaml (kafka.securityProtocol, kafka.user, ZIEM_KAFKA_PASSWORD) as every ziem client reaches
// it: the admin's metadata (status), a producer and a consumer (attack-sim's label path). A wrong
// password is refused by the broker; the other services, not started here, are named as unreachable.
// A second broker with a SASL_SSL listener (a private CA made with openssl) is trusted through
// kafka.caFile and refused without it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig, type Config } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { installKafkaSecurity } from '../../../cli/clients/kafka-security-config.js';
import { connectKafka } from '../../../cli/sandbox/kafka-io.js';
import { readTopicToEnd } from '../../../cli/alerts/topic-read.js';
import { startBroker, type TestBroker } from '../support/kafka-broker.js';
import { freePort } from '../../../cli/stack/ports.js';
import { useKafkaSecurity } from '../../../core/kafka/kafka-security.js';
import { externalTarget } from '../../../cli/targets/external/external-target.js';

const PASSWORD = 'ziem-test-secret';
let dir: string;
let bootstrap: string;

function configWith(password: string): Config {
  return loadConfig({
    cwd: dir,
    env: { ZIEM_KAFKA_PASSWORD: password },
    flags: {
      stateDir: join(dir, 'state'),
      'kafka.bootstrap': bootstrap,
      'kafka.securityProtocol': 'SASL_PLAINTEXT',
      'kafka.saslMechanism': 'PLAIN',
      'kafka.user': 'ziem',
      'ksql.url': `http://127.0.0.1:${ports.ksql}`,
      'connect.url': `http://127.0.0.1:${ports.connect}`,
      'neo4j.url': `bolt://127.0.0.1:${ports.bolt}`,
    },
  });
}
const ports = { ksql: 0, connect: 0, bolt: 0 };

let broker: TestBroker;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-external-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  Object.assign(ports, { ksql: await freePort(), connect: await freePort(), bolt: await freePort() });
  bootstrap = `127.0.0.1:${port}`;
  const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="broker-secret" user_broker="broker-secret" user_ziem="${PASSWORD}";`;
  // the health poll inside startBroker is a SASL client too: the credentials are installed first
  installKafkaSecurity(configWith(PASSWORD));
  broker = await startBroker({
    listener: `SASL_PLAINTEXT://${bootstrap}`,
    protocol: 'SASL_PLAINTEXT',
    controllerPort,
    extra: [
      'sasl.enabled.mechanisms=PLAIN',
      'sasl.mechanism.inter.broker.protocol=PLAIN',
      `listener.name.sasl_plaintext.plain.sasl.jaas.config=${jaas}`,
    ],
  });
}, 240_000);

afterAll(async () => {
  useKafkaSecurity({});
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('external target against a SASL Kafka', () => {
  it("reaches the broker with ziem.yaml's credentials: status, a producer and a consumer", async () => {
    installKafkaSecurity(configWith(PASSWORD));
    const ctx = makeContext({ config: configWith(PASSWORD), env: {} });
    const status = await externalTarget.status(ctx);
    const kafka = status.parts.find((p) => p.name === 'kafka')!;
    expect(kafka).toEqual({ name: 'kafka', healthy: true, detail: `1 broker(s) at ${bootstrap} (SASL_PLAINTEXT)` });
    const out = await connectKafka(bootstrap, 'ziem-external-test');
    try {
      await out.ensureTopic('ziem-external-check');
      await out.send('ziem-external-check', [{ key: 'k', value: '{"ok":true}' }]);
    } finally {
      await out.close();
    }
    const read = await readTopicToEnd(bootstrap, 'ziem-external-check', 30_000);
    expect(read.map((b) => b.toString())).toEqual(['{"ok":true}']);
  });

  it('is refused with a wrong password, and deploy names every service that does not answer', async () => {
    installKafkaSecurity(configWith('wrong-password'));
    const ctx = makeContext({ config: configWith('wrong-password'), env: {} });
    const kafka = (await externalTarget.status(ctx)).parts.find((p) => p.name === 'kafka')!;
    expect(kafka.healthy).toBe(false);
    expect(kafka.detail).toMatch(/SASL PLAIN authentication failed|Authentication failed|SASL/i);
    await expect(externalTarget.plan(ctx)).rejects.toThrow(/kafka: .*SASL.*; ksql: .*; connect: .*; neo4j: /is);
  });

  it('SASL_SSL: trusts the broker through kafka.caFile, and refuses it without', async () => {
    // a private CA and a broker certificate for 127.0.0.1, made here with openssl
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=ziem test CA',
    );
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'broker.key',
      '-out',
      'broker.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'broker.pem',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    ssl(
      'pkcs12',
      '-export',
      '-in',
      'broker.pem',
      '-inkey',
      'broker.key',
      '-out',
      'broker.p12',
      '-passout',
      'pass:storepass',
    );
    const port = await freePort();
    const tlsConfig = (caFile: string | undefined): Config =>
      loadConfig({
        cwd: dir,
        env: { ZIEM_KAFKA_PASSWORD: PASSWORD },
        flags: {
          'kafka.bootstrap': `127.0.0.1:${port}`,
          'kafka.securityProtocol': 'SASL_SSL',
          'kafka.user': 'ziem',
          ...(caFile ? { 'kafka.caFile': caFile } : {}),
        },
      });
    installKafkaSecurity(tlsConfig('ca.pem'));
    const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="broker-secret" user_broker="broker-secret" user_ziem="${PASSWORD}";`;
    const tlsBroker = await startBroker({
      listener: `SASL_SSL://127.0.0.1:${port}`,
      protocol: 'SASL_SSL',
      controllerPort: await freePort(),
      extra: [
        'sasl.enabled.mechanisms=PLAIN',
        'sasl.mechanism.inter.broker.protocol=PLAIN',
        `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas}`,
        'ssl.keystore.type=PKCS12',
        `ssl.keystore.location=${join(dir, 'broker.p12')}`,
        'ssl.keystore.password=storepass',
        'ssl.key.password=storepass',
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${join(dir, 'ca.pem')}`,
      ],
    });
    onTestFinished(() => tlsBroker.stop());
    const trusted = makeContext({ config: tlsConfig('ca.pem'), env: {} });
    const kafka = (await externalTarget.status(trusted)).parts.find((p) => p.name === 'kafka')!;
    expect(kafka).toMatchObject({ healthy: true, detail: `1 broker(s) at 127.0.0.1:${port} (SASL_SSL)` });
    installKafkaSecurity(tlsConfig(undefined));
    const untrusted = (await externalTarget.status(makeContext({ config: tlsConfig(undefined), env: {} }))).parts.find(
      (p) => p.name === 'kafka',
    )!;
    expect(untrusted.healthy).toBe(false);
    expect(untrusted.detail).toMatch(/certificate|self.signed|issuer/i);
  }, 120_000);

  it('refuses a SASL protocol without a user or password, naming the field', () => {
    expect(() =>
      installKafkaSecurity(loadConfig({ cwd: dir, env: {}, flags: { 'kafka.securityProtocol': 'SASL_SSL' } })),
    ).toThrow(/field kafka\.user: required with kafka\.securityProtocol SASL_SSL[\s\S]*ZIEM_KAFKA_PASSWORD: required/);
  });
});
