-- ALERTS, the public stream of detections, and its dedup stage. Rules and the model write
-- candidates (INSERT INTO ALERT_CANDIDATES SELECT …); ALERT_FIRSTS keeps the first candidate per
-- kind, source, destination and window; ALERTS receives exactly that first one, as soon as it exists.

-- every candidate is seen one by one, so COUNT(*) = 1 is true for exactly the first
SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- Keyless: readers take everything from the value. DST is null for a rule about a source alone
-- (host sweep, anomaly). SCORE is the rule's measure (ports, hosts, SYNs, attempts) or the model's.
-- ATTACK_CLASS and CLASS_PROBABILITY are the classifier's top class for the window (V000023's
-- alerts); a rule's alert names its technique in KIND and leaves them null.
CREATE STREAM ALERTS (
  KIND STRING,
  SRC STRING,
  DST STRING,
  WINDOW_START BIGINT,
  WINDOW_END BIGINT,
  SCORE DOUBLE,
  REASON STRING,
  ATTACK_CLASS STRING,
  CLASS_PROBABILITY DOUBLE
) WITH (KAFKA_TOPIC='ALERTS', VALUE_FORMAT='JSON', PARTITIONS=1);

CREATE STREAM ALERT_CANDIDATES (
  KIND STRING,
  SRC STRING,
  DST STRING,
  WINDOW_START BIGINT,
  WINDOW_END BIGINT,
  SCORE DOUBLE,
  REASON STRING,
  ATTACK_CLASS STRING,
  CLASS_PROBABILITY DOUBLE
) WITH (KAFKA_TOPIC='ALERT_CANDIDATES', VALUE_FORMAT='JSON', PARTITIONS=1);

-- A rule fires on the update where its count reaches the threshold; later updates of the same
-- window that carry the same count (another packet of the flow) are candidates again. HAVING
-- COUNT(*) = 1 lets only the first through; the next turns the row into a tombstone, which the
-- stream below skips. A replay of the same packets raises nothing new either.
CREATE TABLE ALERT_FIRSTS WITH (KAFKA_TOPIC='ALERT_FIRSTS', VALUE_FORMAT='JSON') AS SELECT
  CONCAT_WS('|', KIND, SRC, COALESCE(DST, '*'), CAST(WINDOW_START AS STRING)) AS ALERT_ID,
  EARLIEST_BY_OFFSET(KIND) AS KIND,
  EARLIEST_BY_OFFSET(SRC) AS SRC,
  EARLIEST_BY_OFFSET(DST) AS DST,
  EARLIEST_BY_OFFSET(WINDOW_START) AS WINDOW_START,
  EARLIEST_BY_OFFSET(WINDOW_END) AS WINDOW_END,
  EARLIEST_BY_OFFSET(SCORE) AS SCORE,
  EARLIEST_BY_OFFSET(REASON) AS REASON,
  EARLIEST_BY_OFFSET(ATTACK_CLASS) AS ATTACK_CLASS,
  EARLIEST_BY_OFFSET(CLASS_PROBABILITY) AS CLASS_PROBABILITY
FROM ALERT_CANDIDATES
GROUP BY CONCAT_WS('|', KIND, SRC, COALESCE(DST, '*'), CAST(WINDOW_START AS STRING))
HAVING COUNT(*) = 1
EMIT CHANGES;

-- Keyless view of ALERT_FIRSTS' topic: tombstones (null values) are skipped by a stream.
CREATE STREAM ALERT_FIRST_UPDATES (
  KIND STRING, SRC STRING, DST STRING, WINDOW_START BIGINT, WINDOW_END BIGINT, SCORE DOUBLE, REASON STRING,
  ATTACK_CLASS STRING, CLASS_PROBABILITY DOUBLE
) WITH (KAFKA_TOPIC='ALERT_FIRSTS', VALUE_FORMAT='JSON');

INSERT INTO ALERTS SELECT KIND, SRC, DST, WINDOW_START, WINDOW_END, SCORE, REASON, ATTACK_CLASS, CLASS_PROBABILITY
FROM ALERT_FIRST_UPDATES
EMIT CHANGES;
