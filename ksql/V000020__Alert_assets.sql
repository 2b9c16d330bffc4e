-- ALERTS_ENRICHED: every alert of ALERTS with the victim's (DST) and the attacker's (SRC) asset
-- name, owner and criticality from ASSETS, null where the address is not in the inventory. Two
-- stream-table LEFT joins in two steps (ksqlDB refuses a join of ASSETS to itself in one query):
-- ALERTS_WITH_VICTIM on the victim, then ALERTS_ENRICHED on the attacker. Each alert is looked up
-- when it arrives: an asset imported later enriches only later alerts.
-- The join keys are COALESCE(address, '-'): an alert about a source alone (a sweep, the models')
-- has no DST, and a null join key is dropped by the Kafka Streams stream-table join of older
-- servers (before KIP-962); '-' is never an address, so it only ever misses. The key of each
-- output is the table side's IP, as ksqlDB names a join's key (its value is the lookup address).

CREATE STREAM ALERTS_WITH_VICTIM WITH (KAFKA_TOPIC='ALERTS_WITH_VICTIM', VALUE_FORMAT='JSON') AS SELECT
  V.IP AS VICTIM_KEY,
  A.KIND AS KIND,
  A.SRC AS SRC,
  A.DST AS DST,
  A.WINDOW_START AS WINDOW_START,
  A.WINDOW_END AS WINDOW_END,
  A.SCORE AS SCORE,
  A.REASON AS REASON,
  A.ATTACK_CLASS AS ATTACK_CLASS,
  A.CLASS_PROBABILITY AS CLASS_PROBABILITY,
  V.NAME AS VICTIM_NAME,
  V.OWNER AS VICTIM_OWNER,
  V.CRITICALITY AS VICTIM_CRITICALITY
FROM ALERTS A
LEFT JOIN ASSETS V ON COALESCE(A.DST, '-') = V.IP
EMIT CHANGES;

CREATE STREAM ALERTS_ENRICHED WITH (KAFKA_TOPIC='ALERTS_ENRICHED', VALUE_FORMAT='JSON') AS SELECT
  T.IP AS ATTACKER_KEY,
  A.KIND AS KIND,
  A.SRC AS SRC,
  A.DST AS DST,
  A.WINDOW_START AS WINDOW_START,
  A.WINDOW_END AS WINDOW_END,
  A.SCORE AS SCORE,
  A.REASON AS REASON,
  A.ATTACK_CLASS AS ATTACK_CLASS,
  A.CLASS_PROBABILITY AS CLASS_PROBABILITY,
  A.VICTIM_NAME AS VICTIM_NAME,
  A.VICTIM_OWNER AS VICTIM_OWNER,
  A.VICTIM_CRITICALITY AS VICTIM_CRITICALITY,
  T.NAME AS ATTACKER_NAME,
  T.OWNER AS ATTACKER_OWNER,
  T.CRITICALITY AS ATTACKER_CRITICALITY
FROM ALERTS_WITH_VICTIM A
LEFT JOIN ASSETS T ON COALESCE(A.SRC, '-') = T.IP
EMIT CHANGES;
