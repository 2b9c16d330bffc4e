-- The models' alerts: the anomaly score of each host's closed window (HOST_WINDOW_UPDATES, one row
-- per host and window) above the model's threshold, a candidate deduplicated like the rules'.
-- Applied last and on its own: it needs ANOMALY_SCORE and a model server (the Java UDF on a ksqlDB
-- server; on the local target the embedded engine's remote function ksql.functions.anomaly_score.*,
-- which `ziem deploy` configures). The score is computed in a stream of its own because a remote
-- function may only be called from a stateless query. ATTACK_CLASS (the supervised classifier,
-- model attack-class, once one is trained: `ziem model train --supervised`) names the window's
-- most likely technique; every ANOMALY alert carries it, and a window classified as an attack with
-- at least `attack_class_min_probability` raises a CLASSIFIED_ATTACK alert of its own. Without a
-- classifier ATTACK_CLASS is null (the call's failure is in the processing log) and so are they.

-- `ziem deploy` passes the threshold of the model's metadata.json (`--define anomaly_threshold=…`).
DEFINE anomaly_threshold = '1.0';
-- A window needs this many packets before its score can raise an alert: a window of a few packets
-- (a host that only answered others, the partial first or last window of a burst) scores far from
-- the traffic the model learnt without being a threat; every attack here sends hundreds or more.
DEFINE anomaly_min_packets = '500';

-- A responder is never the attacker: a window whose packets are mostly SYN-ACKs and RSTs is a
-- host answering someone (a scan's or a flood's victim); its oddity is the attacker's, whose own
-- alert and incident name it as the victim. FEATURES[6] and [7] are those ratios (V000003). Both
-- models' alerts leave responders out.
DEFINE anomaly_max_answer_ratio = '0.5';

-- The classifier's probability for its top class above which a window is an attack of that class.
DEFINE attack_class_min_probability = '0.9';

-- HOST_SCORES calls the model once per host and window; the alert reads the stored score, so a
-- filter and a projection never call it again.
CREATE STREAM HOST_SCORES WITH (KAFKA_TOPIC='HOST_SCORES', VALUE_FORMAT='JSON') AS SELECT
  SRC_IP,
  WINDOW_START,
  WINDOW_END,
  PACKETS,
  FEATURES[6] + FEATURES[7] AS ANSWER_RATIO,
  ANOMALY_SCORE(FEATURES) AS SCORE,
  ATTACK_CLASS(FEATURES) AS CLASS
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
    CAST(PACKETS AS STRING), ' packets in 10 s, classified as ', COALESCE(CLASS->LABEL, 'unknown (no classifier)'))
    AS REASON,
  CLASS->LABEL AS ATTACK_CLASS,
  CLASS->PROBABILITY AS CLASS_PROBABILITY
FROM HOST_SCORES
WHERE SCORE > ${anomaly_threshold} AND PACKETS >= ${anomaly_min_packets} AND ANSWER_RATIO < ${anomaly_max_answer_ratio}
EMIT CHANGES;

INSERT INTO ALERT_CANDIDATES SELECT
  'CLASSIFIED_ATTACK' AS KIND,
  SRC_IP AS SRC,
  CAST(NULL AS STRING) AS DST,
  WINDOW_START,
  WINDOW_END,
  CLASS->PROBABILITY AS SCORE,
  CONCAT('classified as ', CLASS->LABEL, ' with probability ', CAST(CLASS->PROBABILITY AS STRING), ' over ',
    CAST(PACKETS AS STRING), ' packets in 10 s') AS REASON,
  CLASS->LABEL AS ATTACK_CLASS,
  CLASS->PROBABILITY AS CLASS_PROBABILITY
FROM HOST_SCORES
WHERE CLASS->LABEL <> 'normal' AND CLASS->PROBABILITY >= ${attack_class_min_probability}
  AND ANSWER_RATIO < ${anomaly_max_answer_ratio}
EMIT CHANGES;
