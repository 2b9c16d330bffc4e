-- The model's alert: the anomaly score of each host's closed window (HOST_WINDOW_UPDATES, one row
-- per host and window) above the model's threshold, a candidate deduplicated like the rules'.
-- Applied last and on its own: it needs ANOMALY_SCORE and a model server (the Java UDF on a ksqlDB
-- server; on the local target the embedded engine's remote function ksql.functions.anomaly_score.*,
-- which `ziem deploy` configures). The score is computed in a stream of its own because a remote
-- function may only be called from a stateless query.

-- `ziem deploy` passes the threshold of the model's metadata.json (`--define anomaly_threshold=…`).
DEFINE anomaly_threshold = '1.0';
-- A window needs this many packets before its score can raise an alert: a window of a few packets
-- (a host that only answered others, the partial first or last window of a burst) scores far from
-- the traffic the model learnt without being a threat; every attack here sends hundreds or more.
DEFINE anomaly_min_packets = '500';

-- A responder is never the attacker: a window whose packets are mostly SYN-ACKs and RSTs is a
-- host answering someone (a scan's or a flood's victim); its oddity is the attacker's, whose own
-- alert and incident name it as the victim. FEATURES[6] and [7] are those ratios (V000003).
DEFINE anomaly_max_answer_ratio = '0.5';

-- HOST_SCORES calls the model once per host and window; the alert reads the stored score, so a
-- filter and a projection never call it again.
CREATE STREAM HOST_SCORES WITH (KAFKA_TOPIC='HOST_SCORES', VALUE_FORMAT='JSON') AS SELECT
  SRC_IP,
  WINDOW_START,
  WINDOW_END,
  PACKETS,
  FEATURES[6] + FEATURES[7] AS ANSWER_RATIO,
  ANOMALY_SCORE(FEATURES) AS SCORE
FROM HOST_WINDOW_UPDATES
EMIT CHANGES;

INSERT INTO ALERT_CANDIDATES SELECT
  'ANOMALY' AS KIND,
  SRC_IP AS SRC,
  CAST(NULL AS STRING) AS DST,
  WINDOW_START,
  WINDOW_END,
  SCORE,
  CONCAT('anomaly score ', CAST(SCORE AS STRING), ' above ', CAST(${anomaly_threshold} AS STRING), ' over ',
    CAST(PACKETS AS STRING), ' packets in 10 s') AS REASON
FROM HOST_SCORES
WHERE SCORE > ${anomaly_threshold} AND PACKETS >= ${anomaly_min_packets} AND ANSWER_RATIO < ${anomaly_max_answer_ratio}
EMIT CHANGES;
