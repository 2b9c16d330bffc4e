-- SYN floods from many sources, spoofed or not, against one service: per victim address and port
-- and 10 s window, SYNs, how many distinct sources sent them, and how many handshakes completed.
-- Each spoofed source sends one or a few SYNs, so no per-source rule sees it (V000008 is the
-- single-source flood); here it is one flood against the victim, its SRC the count of sources.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

DEFINE synflood_victim_min_syns = '1000';
-- many sources: a single-source flood is V000008's
DEFINE synflood_min_sources = '50';
-- completed handshakes (pure ACKs from the sources) per SYN: a busy but healthy service completes
-- nearly every handshake it receives; a flood almost none
DEFINE synflood_victim_max_ack_ratio = '0.1';

CREATE TABLE VICTIM_SYNS WITH (KAFKA_TOPIC='VICTIM_SYNS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  DST,
  DST_PORT,
  AS_VALUE(DST) AS DST_IP,
  AS_VALUE(DST_PORT) AS PORT,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  SUM(CASE WHEN TCP_SYN = 1 AND TCP_ACK = 0 THEN 1 ELSE 0 END) AS SYNS,
  SUM(CASE WHEN TCP_SYN = 0 AND TCP_ACK = 1 AND TCP_RST = 0 AND COALESCE(TCP_LEN, 0) = 0 THEN 1 ELSE 0 END) AS ACKS,
  COUNT_DISTINCT(SRC) AS SOURCES
FROM PACKETS
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 30 SECONDS)
WHERE PROTO = 6 AND SRC IS NOT NULL AND DST IS NOT NULL AND DST_PORT IS NOT NULL
GROUP BY DST, DST_PORT
EMIT CHANGES;

CREATE STREAM VICTIM_SYN_UPDATES (
  DST_IP STRING, PORT INTEGER, WINDOW_START BIGINT, WINDOW_END BIGINT, SYNS INTEGER, ACKS INTEGER, SOURCES BIGINT
) WITH (KAFKA_TOPIC='VICTIM_SYNS', VALUE_FORMAT='JSON');

INSERT INTO ALERT_CANDIDATES SELECT
  'SYN_FLOOD' AS KIND,
  -- COUNT_DISTINCT is an estimate (HyperLogLog): never more sources than SYNs
  CONCAT(CAST(CASE WHEN SOURCES > SYNS THEN CAST(SYNS AS BIGINT) ELSE SOURCES END AS STRING), ' sources') AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(SYNS AS DOUBLE) AS SCORE,
  CONCAT(CAST(SYNS AS STRING), ' SYNs in 10 s to port ', CAST(PORT AS STRING), ' from about ',
    CAST(CASE WHEN SOURCES > SYNS THEN CAST(SYNS AS BIGINT) ELSE SOURCES END AS STRING),
    ' sources with ', CAST(ACKS AS STRING), ' completed handshakes') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM VICTIM_SYN_UPDATES
WHERE SYNS = ${synflood_victim_min_syns} AND SOURCES >= ${synflood_min_sources}
  AND CAST(ACKS AS DOUBLE) <= CAST(SYNS AS DOUBLE) * ${synflood_victim_max_ack_ratio}
EMIT CHANGES;
