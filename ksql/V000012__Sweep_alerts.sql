-- Host sweeps by ARP too: on a flat network a sweep's probes (ICMP echo, TCP SYN) to absent hosts
-- never leave the sweeper, which only asks ARP who-has for each address; to present hosts they do.
-- TARGETS counts both, per sweeper and 10 s window, so ICMP, TCP and ARP sweeps reach the same
-- count. Answers (SYN-ACKs, replies) are no probes: a flood's victim answering thousands of
-- spoofed sources is not sweeping them; nor are a server's ACKs or a resolver's replies to its
-- clients (which is why bare ACKs and UDP, which nmap can also ping with, are left out). HOST_SWEEP of V000007 counts IP destinations only; both raise one
-- alert per source and window (ALERT_FIRSTS keys them alike).

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

DEFINE hostsweep_min_targets = '20';

CREATE TABLE SWEEPS WITH (KAFKA_TOPIC='SWEEPS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  PROBER,
  AS_VALUE(PROBER) AS SRC_IP,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  ARRAY_LENGTH(COLLECT_SET(TARGET)) AS TARGETS,
  SUM(CASE WHEN ARP_OP = 1 THEN 1 ELSE 0 END) AS ARP_REQUESTS
FROM PACKETS
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 30 SECONDS)
-- probes only: ARP requests, ICMP echo requests, TCP SYNs; for these PROBER and TARGET are the IP
-- addresses, or the ARP packet's sender and target (PACKETS' SRC and DST are IP addresses only)
WHERE PROBER IS NOT NULL AND TARGET IS NOT NULL
  AND (ARP_OP = 1 OR (PROTO = 1 AND ICMP_TYPE = 8) OR (PROTO = 6 AND TCP_SYN = 1 AND TCP_ACK = 0))
GROUP BY PROBER
EMIT CHANGES;

CREATE STREAM SWEEP_UPDATES (
  SRC_IP STRING, WINDOW_START BIGINT, WINDOW_END BIGINT, TARGETS INTEGER, ARP_REQUESTS INTEGER
) WITH (KAFKA_TOPIC='SWEEPS', VALUE_FORMAT='JSON');

INSERT INTO ALERT_CANDIDATES SELECT
  'HOST_SWEEP' AS KIND,
  SRC_IP AS SRC,
  CAST(NULL AS STRING) AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(TARGETS AS DOUBLE) AS SCORE,
  CONCAT(CAST(TARGETS AS STRING), ' addresses probed in 10 s (', CAST(ARP_REQUESTS AS STRING), ' ARP requests)') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM SWEEP_UPDATES
WHERE TARGETS = ${hostsweep_min_targets}
EMIT CHANGES;
