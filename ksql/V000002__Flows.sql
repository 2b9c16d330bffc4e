-- FLOWS: per source, destination and 10 s tumbling window, what the source sent to the destination.
-- FLOW_UPDATES reads FLOWS' changelog topic as a stream, so the rules can select from it.

-- Every update is emitted (no record cache merging them): the rules fire on the update where a
-- count reaches its threshold, which needs every step of the count (see docs/pipeline.md).
-- statestore.cache.max.bytes is the Kafka Streams 3.4+ name (CP 7.4+, CP 8.x).
SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- Distinct ports are ARRAY_LENGTH(COLLECT_SET(…)), exact, where COUNT_DISTINCT is a HyperLogLog
-- estimate; COLLECT_SET keeps at most 1,000 values (ksql.functions.collect_set.limit), enough for
-- every threshold. COLLECT_SET keeps a null (a packet without ports) as a value, hence the
-- `- MAX(…IS NULL…)`: still exact, and still growing by at most one per packet. The key (SRC, DST, window) is copied into the value (SRC_IP, DST_IP,
-- WINDOW_START, WINDOW_END) so readers of the topic never decode the windowed key.
CREATE TABLE FLOWS WITH (KAFKA_TOPIC='FLOWS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  SRC,
  DST,
  AS_VALUE(SRC) AS SRC_IP,
  AS_VALUE(DST) AS DST_IP,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  COUNT(*) AS PACKETS,
  SUM(FRAME_LEN) AS BYTES,
  ARRAY_LENGTH(COLLECT_SET(DST_PORT)) - MAX(CASE WHEN DST_PORT IS NULL THEN 1 ELSE 0 END) AS DST_PORTS,
  SUM(CASE WHEN TCP_SYN = 1 AND TCP_ACK = 0 THEN 1 ELSE 0 END) AS SYNS,
  SUM(CASE WHEN TCP_SYN = 1 AND TCP_ACK = 1 THEN 1 ELSE 0 END) AS SYN_ACKS,
  SUM(CASE WHEN TCP_ACK = 1 AND TCP_SYN = 0 AND TCP_RST = 0 THEN 1 ELSE 0 END) AS ACKS,
  SUM(CASE WHEN TCP_RST = 1 THEN 1 ELSE 0 END) AS RSTS,
  SUM(CASE WHEN TCP_FIN = 1 THEN 1 ELSE 0 END) AS FINS,
  MIN(TS) AS FIRST_SEEN,
  MAX(TS) AS LAST_SEEN,
  LATEST_BY_OFFSET(SRC_INTERNAL) AS SRC_INTERNAL,
  LATEST_BY_OFFSET(DST_INTERNAL) AS DST_INTERNAL
FROM PACKETS
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 30 SECONDS)
WHERE SRC IS NOT NULL AND DST IS NOT NULL
GROUP BY SRC, DST
EMIT CHANGES;

-- No key columns: everything a rule needs is in the value.
CREATE STREAM FLOW_UPDATES (
  SRC_IP STRING, DST_IP STRING, WINDOW_START BIGINT, WINDOW_END BIGINT,
  PACKETS BIGINT, BYTES BIGINT, DST_PORTS INTEGER,
  SYNS INTEGER, SYN_ACKS INTEGER, ACKS INTEGER, RSTS INTEGER, FINS INTEGER,
  FIRST_SEEN BIGINT, LAST_SEEN BIGINT, SRC_INTERNAL BOOLEAN, DST_INTERNAL BOOLEAN
) WITH (KAFKA_TOPIC='FLOWS', VALUE_FORMAT='JSON');
