-- ASSETS: the asset inventory, one row per IPv4 address (name, owner, criticality), read from a
-- compacted topic that `ziem assets import <file.csv>` fills (key: the address, value: JSON). The
-- alert enrichment (V000020) joins ALERTS to it on the victim's and the attacker's address.

-- Overridable with `ziem ksql apply --define assets_topic=…` (then `ziem assets import --topic …`).
DEFINE assets_topic = 'ziem-assets';

-- PARTITIONS=1: a stream-table join needs both sides co-partitioned, and ALERTS has one partition.
-- The topic is created compacted (a table's topic) by this statement or by `ziem assets import`,
-- whichever comes first; the key is the address as a plain string (KEY_FORMAT KAFKA).
CREATE TABLE ASSETS (
  IP STRING PRIMARY KEY,
  NAME STRING,
  OWNER STRING,
  CRITICALITY STRING
) WITH (KAFKA_TOPIC='${assets_topic}', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);
