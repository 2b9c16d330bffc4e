-- SSH/FTP brute force: many connection attempts from one source to port 22 or 21 of one host
-- within a 60 s window. Normal SSH use in the sandbox opens at most ~15 connections a minute.

DEFINE bruteforce_min_attempts = '30';

-- Crossing, not above: one alert per source, host, port and window (see V000006).
INSERT INTO ALERT_CANDIDATES SELECT
  CASE WHEN PORT = 21 THEN 'FTP_BRUTE_FORCE' ELSE 'SSH_BRUTE_FORCE' END AS KIND,
  SRC_IP AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(ATTEMPTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(ATTEMPTS AS STRING), ' connection attempts to port ', CAST(PORT AS STRING), ' in ',
    CAST((LAST_SEEN - FIRST_SEEN) / 1000 AS STRING), ' s') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM LOGIN_ATTEMPT_UPDATES
WHERE ATTEMPTS = ${bruteforce_min_attempts}
EMIT CHANGES;
