-- Host sweep: one source reaching many distinct hosts in a 10 s window (ping or SYN sweeps).

DEFINE hostsweep_min_hosts = '20';

-- Crossing, not above: one alert per source and window (see V000006 and ALERT_FIRSTS). A sweep
-- sends a probe (an echo request or a SYN) to each address; a responder only answers: a SYN flood's
-- victim sends SYN-ACKs to thousands of spoofed addresses and is no sweeper.
INSERT INTO ALERT_CANDIDATES SELECT
  'HOST_SWEEP' AS KIND,
  SRC_IP AS SRC,
  CAST(NULL AS STRING) AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(DST_HOSTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(DST_HOSTS AS STRING), ' destination hosts in 10 s, ', CAST(ICMP_ECHOS AS STRING), ' ICMP echo requests, ',
    CAST(SYNS AS STRING), ' SYNs') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM HOST_ACTIVITY_UPDATES
WHERE DST_HOSTS = ${hostsweep_min_hosts} AND ICMP_ECHOS + SYNS >= DST_HOSTS
EMIT CHANGES;
