-- KNOWN_BAD_HOSTS, a threat-intelligence list of IPv4 addresses (`ziem intel import <file>` fills
-- its compacted topic: key the address, value the list's source and description), and the
-- KNOWN_BAD_HOST alert: the first contact between a host and a listed address, in either
-- direction, raised once per pair (host, listed address), however many packets or windows follow.
-- A contact is looked up when it happens: an address listed later is seen from its next contact.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- Overridable with `ziem ksql apply --define intel_topic=…` (then `ziem intel import --topic …`).
DEFINE intel_topic = 'ziem-intel';

-- PARTITIONS=1: co-partitioned with FLOW_STARTS below (a stream-table join needs equal counts).
CREATE TABLE KNOWN_BAD_HOSTS (
  IP STRING PRIMARY KEY,
  INTEL_SOURCE STRING,
  DESCRIPTION STRING
) WITH (KAFKA_TOPIC='${intel_topic}', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);

-- The first packet of each source, destination and 10 s window of FLOWS (PACKETS = 1 on exactly
-- one update: every update is emitted), so the joins below look up one row per flow and window,
-- not one per packet. PARTITIONS=1 whatever the capture topic's count, for the joins.
CREATE STREAM FLOW_STARTS WITH (KAFKA_TOPIC='FLOW_STARTS', VALUE_FORMAT='JSON', PARTITIONS=1) AS SELECT
  SRC_IP, DST_IP, WINDOW_START, WINDOW_END, FIRST_SEEN
FROM FLOW_UPDATES
WHERE PACKETS = 1
EMIT CHANGES;

-- Contacts with a listed address, one query per direction (the same table may not be joined twice
-- in one query), both keyed by the listed address as the join names its key. HOST is the other end.
CREATE STREAM KNOWN_BAD_CONTACTS (
  BAD_KEY STRING KEY,
  HOST STRING,
  BAD_IP STRING,
  DIRECTION STRING,
  FIRST_SEEN BIGINT,
  WINDOW_START BIGINT,
  WINDOW_END BIGINT,
  INTEL_SOURCE STRING,
  DESCRIPTION STRING
) WITH (KAFKA_TOPIC='KNOWN_BAD_CONTACTS', VALUE_FORMAT='JSON', PARTITIONS=1);

INSERT INTO KNOWN_BAD_CONTACTS SELECT
  B.IP AS BAD_KEY,
  F.SRC_IP AS HOST,
  AS_VALUE(F.DST_IP) AS BAD_IP,
  'to' AS DIRECTION,
  F.FIRST_SEEN AS FIRST_SEEN,
  F.WINDOW_START AS WINDOW_START,
  F.WINDOW_END AS WINDOW_END,
  B.INTEL_SOURCE AS INTEL_SOURCE,
  B.DESCRIPTION AS DESCRIPTION
FROM FLOW_STARTS F
JOIN KNOWN_BAD_HOSTS B ON F.DST_IP = B.IP
EMIT CHANGES;

INSERT INTO KNOWN_BAD_CONTACTS SELECT
  B.IP AS BAD_KEY,
  F.DST_IP AS HOST,
  AS_VALUE(F.SRC_IP) AS BAD_IP,
  'from' AS DIRECTION,
  F.FIRST_SEEN AS FIRST_SEEN,
  F.WINDOW_START AS WINDOW_START,
  F.WINDOW_END AS WINDOW_END,
  B.INTEL_SOURCE AS INTEL_SOURCE,
  B.DESCRIPTION AS DESCRIPTION
FROM FLOW_STARTS F
JOIN KNOWN_BAD_HOSTS B ON F.SRC_IP = B.IP
EMIT CHANGES;

-- Once per pair, as ALERT_FIRSTS does once per window (V000005): every contact is seen one by one,
-- so HAVING COUNT(*) = 1 lets only the first through and the next turns the row into a tombstone,
-- which the stream below skips. The pair is the same whichever end spoke first.
CREATE TABLE KNOWN_BAD_FIRSTS WITH (KAFKA_TOPIC='KNOWN_BAD_FIRSTS', VALUE_FORMAT='JSON') AS SELECT
  CONCAT_WS('|', HOST, BAD_IP) AS PAIR,
  EARLIEST_BY_OFFSET(HOST) AS HOST,
  EARLIEST_BY_OFFSET(BAD_IP) AS BAD_IP,
  EARLIEST_BY_OFFSET(DIRECTION) AS DIRECTION,
  EARLIEST_BY_OFFSET(FIRST_SEEN) AS FIRST_SEEN,
  EARLIEST_BY_OFFSET(WINDOW_START) AS WINDOW_START,
  EARLIEST_BY_OFFSET(WINDOW_END) AS WINDOW_END,
  EARLIEST_BY_OFFSET(INTEL_SOURCE) AS INTEL_SOURCE,
  EARLIEST_BY_OFFSET(DESCRIPTION) AS DESCRIPTION
FROM KNOWN_BAD_CONTACTS
WHERE HOST IS NOT NULL AND BAD_IP IS NOT NULL
GROUP BY CONCAT_WS('|', HOST, BAD_IP)
HAVING COUNT(*) = 1
EMIT CHANGES;

CREATE STREAM KNOWN_BAD_FIRST_UPDATES (
  HOST STRING, BAD_IP STRING, DIRECTION STRING, FIRST_SEEN BIGINT, WINDOW_START BIGINT, WINDOW_END BIGINT,
  INTEL_SOURCE STRING, DESCRIPTION STRING
) WITH (KAFKA_TOPIC='KNOWN_BAD_FIRSTS', VALUE_FORMAT='JSON');

-- SRC is the listed address and DST the host it touched (the host is what is at risk, and the
-- alert's victim asset), whichever end sent the first packet; REASON says which.
INSERT INTO ALERT_CANDIDATES SELECT
  'KNOWN_BAD_HOST' AS KIND,
  BAD_IP AS SRC,
  HOST AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(1 AS DOUBLE) AS SCORE,
  CONCAT('first contact ', CASE WHEN DIRECTION = 'to' THEN CONCAT(HOST, ' → ', BAD_IP) ELSE CONCAT(BAD_IP, ' → ', HOST) END,
    ': ', BAD_IP, ' is on the known-bad list', CASE WHEN INTEL_SOURCE IS NULL THEN '' ELSE CONCAT(' (', INTEL_SOURCE,
    CASE WHEN DESCRIPTION IS NULL THEN '' ELSE CONCAT(': ', DESCRIPTION) END, ')') END) AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM KNOWN_BAD_FIRST_UPDATES
EMIT CHANGES;
