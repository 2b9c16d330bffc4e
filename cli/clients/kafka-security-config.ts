// The Kafka clients' TLS/SASL settings from the Config (kafka.securityProtocol, kafka.saslMechanism,
// kafka.user, ZIEM_KAFKA_PASSWORD, kafka.caFile), checked here with errors naming the field, and
// installed for the whole process (core/kafka/kafka-security.ts).
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { ConfigError } from '../../core/errors/ziem-error.js';
import { useKafkaSecurity, type KafkaSecurity } from '../../core/kafka/kafka-security.js';

export function kafkaSecurityFrom(c: Config): KafkaSecurity {
  const k = c.kafka;
  const tls = k.securityProtocol === 'SSL' || k.securityProtocol === 'SASL_SSL';
  const sasl = k.securityProtocol.startsWith('SASL_');
  const problems: string[] = [];
  if (sasl && !k.user) problems.push(`field kafka.user: required with kafka.securityProtocol ${k.securityProtocol}`);
  if (sasl && !k.password)
    problems.push(`environment ZIEM_KAFKA_PASSWORD: required with kafka.securityProtocol ${k.securityProtocol}`);
  if (!tls && k.caFile) problems.push(`field kafka.caFile: only used with SSL or SASL_SSL, not ${k.securityProtocol}`);
  let ca: string | undefined;
  if (tls && k.caFile) {
    try {
      ca = readFileSync(k.caFile, 'utf8');
    } catch {
      problems.push(`field kafka.caFile: cannot read ${k.caFile}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, { hint: 'see `ziem config show`' });
  return {
    ...(tls ? { ssl: ca ? { ca: [ca] } : true } : {}),
    ...(sasl
      ? {
          sasl: {
            mechanism: k.saslMechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512',
            username: k.user!,
            password: k.password!.reveal(),
          },
        }
      : {}),
  };
}

export function installKafkaSecurity(c: Config): void {
  useKafkaSecurity(kafkaSecurityFrom(c));
}
