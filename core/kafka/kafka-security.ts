// How this process's Kafka clients authenticate: TLS and SASL options merged into every client
// core/kafka/kafka-client.ts builds. The CLI sets them once from the loaded configuration (kafka.
// securityProtocol, kafka.saslMechanism, kafka.user, ZIEM_KAFKA_PASSWORD, kafka.caFile), the way the
// log level is set once, so a Kafka that needs credentials (the external target's) is reached the
// same way by every command without each call site carrying them. Default: plaintext.
import type { ConnectionOptions } from 'node:tls';

export interface KafkaSecurity {
  readonly ssl?: ConnectionOptions | boolean;
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
}

let current: KafkaSecurity = {};

export function useKafkaSecurity(s: KafkaSecurity): void {
  current = s;
}

export const kafkaSecurity = (): KafkaSecurity => current;
