-- INCIDENTS: the alerts of one kind from one attacker against one victim, grouped while they keep
-- coming: a session window closes after `incident_quiet` of silence, so a scan that lasts minutes is
-- one incident that grows (first and last seen, windows, alerts, highest score), not one alert per
-- rule and 10 s window. Readers decide open or closed from LAST_SEEN and the quiet period
-- (`ziem alerts --incidents`); the (:Incident) nodes of the graph come from this topic.
-- ATTACK_CLASS is the latest class the classifier gave the incident's alerts (LATEST_BY_OFFSET skips
-- the nulls of rule alerts), CLASS_PROBABILITY the probability it gave that class.
-- An alert against a victim from many (spoofed) sources names their count ("4210 sources"), which
-- changes from window to window: those alerts group as one attacker, "many sources", and ATTACKER
-- is the latest count.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

CREATE TABLE INCIDENTS WITH (KAFKA_TOPIC='INCIDENTS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  KIND,
  CASE WHEN SRC LIKE '% sources' THEN 'many sources' ELSE SRC END AS ATTACKER_KEY,
  COALESCE(DST, '*') AS VICTIM_KEY,
  AS_VALUE(KIND) AS INCIDENT_KIND,
  LATEST_BY_OFFSET(SRC) AS ATTACKER,
  LATEST_BY_OFFSET(DST) AS VICTIM,
  CONCAT_WS('|', KIND, CASE WHEN SRC LIKE '% sources' THEN 'many sources' ELSE SRC END, COALESCE(DST, '*'),
    CAST(WINDOWSTART AS STRING)) AS INCIDENT_ID,
  MIN(WINDOW_START) AS FIRST_SEEN,
  MAX(WINDOW_END) AS LAST_SEEN,
  COUNT_DISTINCT(WINDOW_START) AS WINDOWS,
  COUNT(*) AS ALERTS,
  MAX(SCORE) AS MAX_SCORE,
  LATEST_BY_OFFSET(REASON) AS LAST_REASON,
  LATEST_BY_OFFSET(ATTACK_CLASS) AS ATTACK_CLASS,
  LATEST_BY_OFFSET(CLASS_PROBABILITY) AS CLASS_PROBABILITY
FROM ALERTS
WINDOW SESSION (5 MINUTES)
WHERE SRC IS NOT NULL
GROUP BY KIND, CASE WHEN SRC LIKE '% sources' THEN 'many sources' ELSE SRC END, COALESCE(DST, '*')
EMIT CHANGES;
