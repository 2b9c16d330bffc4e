-- Slow and rate-limited port scans: V000006 counts the ports one source touches on one host in 10 s,
-- so a scanner that waits between probes (nmap -T2 waits 0.4 s, -T1 15 s; masscan --rate 10; a
-- scan spread over minutes to stay under rate alarms) never reaches its threshold. What a scan
-- cannot hide is how many distinct ports it tries: here, per source and destination in windows of
-- 5 minutes (Zeek's scan policy: 15 distinct ports of one host in 5 minutes), the ports a SYN went
-- to and the handshakes the source completed (its pure ACKs). A scan completes almost none; a
-- client of a server with many services (a directory server: Kerberos, LDAP, SMB, RPC ports)
-- completes every connection it opens.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

DEFINE slowscan_min_ports = '15';
-- handshake ratio, as in V000006: the source's pure ACKs per SYN it sent
DEFINE slowscan_max_ack_ratio = '0.2';

CREATE TABLE SCAN_ATTEMPTS WITH (KAFKA_TOPIC='SCAN_ATTEMPTS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  SRC,
  DST,
  AS_VALUE(SRC) AS SRC_IP,
  AS_VALUE(DST) AS DST_IP,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  COUNT_DISTINCT(CASE WHEN TCP_SYN = 1 THEN DST_PORT END) AS PORTS,
  SUM(TCP_SYN) AS SYNS,
  SUM(1 - TCP_SYN) AS ACKS
FROM PACKETS
WINDOW TUMBLING (SIZE 5 MINUTES, GRACE PERIOD 30 SECONDS)
WHERE PROTO = 6 AND SRC IS NOT NULL AND DST IS NOT NULL AND DST_PORT IS NOT NULL
  AND ((TCP_SYN = 1 AND TCP_ACK = 0)
    OR (TCP_SYN = 0 AND TCP_ACK = 1 AND TCP_RST = 0 AND TCP_FIN = 0 AND COALESCE(TCP_LEN, 0) = 0))
GROUP BY SRC, DST
-- only the update where the ports reach the threshold (and the next, a tombstone, which the stream
-- below skips) leaves the table: one record per scan and window, not one per packet
HAVING COUNT_DISTINCT(CASE WHEN TCP_SYN = 1 THEN DST_PORT END) = ${slowscan_min_ports}
  AND CAST(SUM(1 - TCP_SYN) AS DOUBLE) <= CAST(SUM(TCP_SYN) AS DOUBLE) * ${slowscan_max_ack_ratio}
EMIT CHANGES;

CREATE STREAM SCAN_ATTEMPT_UPDATES (
  SRC_IP STRING, DST_IP STRING, WINDOW_START BIGINT, WINDOW_END BIGINT, PORTS BIGINT, SYNS INTEGER, ACKS INTEGER
) WITH (KAFKA_TOPIC='SCAN_ATTEMPTS', VALUE_FORMAT='JSON');

-- SCAN_ATTEMPTS holds only scans: each is an alert (ALERT_FIRSTS keeps one per pair and window)
INSERT INTO ALERT_CANDIDATES SELECT
  'PORT_SCAN' AS KIND,
  SRC_IP AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(PORTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(PORTS AS STRING), ' destination ports in 5 min with ', CAST(SYNS AS STRING), ' SYNs and ',
    CAST(ACKS AS STRING), ' ACKs') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM SCAN_ATTEMPT_UPDATES
EMIT CHANGES;
