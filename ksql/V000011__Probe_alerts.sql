-- Scans that SYN counting misses, from what each technique puts on the wire, per prober and
-- target (PACKETS orients an ICMP error by the header it quotes) in 60 s windows:
--   STEALTH_SCAN  FIN, NULL and XMAS probes carry no ACK, which no segment of a real connection
--                 after the SYN lacks (RFC 9293 3.10.7); ACK, window and Maimon (FIN/ACK) probes
--                 carry one, and a host answers each with a bare RST (no ACK bit) from the probed
--                 port, so many such RSTs from many of its ports to one peer that it never sent a
--                 SYN are answers to a scan by that peer.
--   UDP_SCAN      datagrams to many UDP ports of one host, and ICMP port unreachables back quoting
--                 several of them (closed ports answer; Linux rate-limits those answers, so fewer).
--   PROTOCOL_SCAN packets of many IP protocol numbers to one host (nmap -sO); normal traffic
--                 uses TCP, UDP and ICMP, a VPN or routing protocol one or two more.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- a scan of the top 100 ports (nmap -F) touches 100; 25 leaves room for a partial or slow scan
DEFINE stealth_min_ports = '25';
DEFINE udpscan_min_ports = '25';
-- Linux answers about one unreachable per second per peer after a short burst
DEFINE udpscan_min_unreachables = '3';
DEFINE protoscan_min_protocols = '8';

CREATE TABLE PROBES WITH (KAFKA_TOPIC='PROBES', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  PROBER,
  TARGET,
  AS_VALUE(PROBER) AS PROBER_IP,
  AS_VALUE(TARGET) AS TARGET_IP,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  ARRAY_LENGTH(COLLECT_SET(CASE WHEN PROTO = 6 AND TCP_SYN = 0 AND TCP_ACK = 0 AND TCP_RST = 0 THEN DST_PORT END))
    - MAX(CASE WHEN PROTO = 6 AND TCP_SYN = 0 AND TCP_ACK = 0 AND TCP_RST = 0 THEN 0 ELSE 1 END) AS NOACK_PORTS,
  ARRAY_LENGTH(COLLECT_SET(CASE WHEN PROTO = 6 AND TCP_RST = 1 AND TCP_ACK = 0 THEN SRC_PORT END))
    - MAX(CASE WHEN PROTO = 6 AND TCP_RST = 1 AND TCP_ACK = 0 THEN 0 ELSE 1 END) AS BARE_RST_PORTS,
  SUM(CASE WHEN PROTO = 6 AND TCP_SYN = 1 THEN 1 ELSE 0 END) AS SYNS,
  ARRAY_LENGTH(COLLECT_SET(CASE WHEN PROTO = 17 THEN DST_PORT END))
    - MAX(CASE WHEN PROTO = 17 THEN 0 ELSE 1 END) AS UDP_PORTS,
  ARRAY_LENGTH(COLLECT_SET(CASE WHEN PROTO = 1 AND ICMP_TYPE = 3 AND ICMP_CODE = 3 THEN QUOTED_PORT END))
    - MAX(CASE WHEN PROTO = 1 AND ICMP_TYPE = 3 AND ICMP_CODE = 3 THEN 0 ELSE 1 END) AS UNREACH_PORTS,
  ARRAY_LENGTH(COLLECT_SET(CASE WHEN PROTO = 1 AND ICMP_TYPE IN (3, 11, 12) THEN QUOTED_PROTO ELSE PROTO END))
    - MAX(CASE WHEN PROTO = 1 AND ICMP_TYPE IN (3, 11, 12) AND QUOTED_PROTO IS NULL THEN 1 ELSE 0 END) AS PROTOCOLS
FROM PACKETS
WINDOW TUMBLING (SIZE 60 SECONDS, GRACE PERIOD 30 SECONDS)
WHERE PROBER IS NOT NULL AND TARGET IS NOT NULL AND PROTO IS NOT NULL
GROUP BY PROBER, TARGET
EMIT CHANGES;

CREATE STREAM PROBE_UPDATES (
  PROBER_IP STRING, TARGET_IP STRING, WINDOW_START BIGINT, WINDOW_END BIGINT,
  NOACK_PORTS INTEGER, BARE_RST_PORTS INTEGER, SYNS INTEGER, UDP_PORTS INTEGER, UNREACH_PORTS INTEGER, PROTOCOLS INTEGER
) WITH (KAFKA_TOPIC='PROBES', VALUE_FORMAT='JSON');

-- Each count grows by at most one per packet: `=` fires on the crossing packet (see V000006).
INSERT INTO ALERT_CANDIDATES SELECT
  'STEALTH_SCAN' AS KIND,
  PROBER_IP AS SRC,
  TARGET_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(NOACK_PORTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(NOACK_PORTS AS STRING), ' ports probed in 60 s with TCP segments without SYN, ACK or RST (FIN, NULL or XMAS scan)') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM PROBE_UPDATES
WHERE NOACK_PORTS = ${stealth_min_ports}
EMIT CHANGES;

-- The RSTs come from the target: the alert names the peer they answer as the scanner.
INSERT INTO ALERT_CANDIDATES SELECT
  'STEALTH_SCAN' AS KIND,
  TARGET_IP AS SRC,
  PROBER_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(BARE_RST_PORTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(BARE_RST_PORTS AS STRING), ' ports answered ', TARGET_IP,
    ' with a bare RST in 60 s (ACK, window or Maimon scan)') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM PROBE_UPDATES
WHERE BARE_RST_PORTS = ${stealth_min_ports} AND SYNS = 0
EMIT CHANGES;

INSERT INTO ALERT_CANDIDATES SELECT
  'UDP_SCAN' AS KIND,
  PROBER_IP AS SRC,
  TARGET_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(UDP_PORTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(UDP_PORTS AS STRING), ' UDP ports probed in 60 s, ', CAST(UNREACH_PORTS AS STRING),
    ' answered port unreachable') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM PROBE_UPDATES
WHERE (UDP_PORTS = ${udpscan_min_ports} AND UNREACH_PORTS >= ${udpscan_min_unreachables})
  OR (UNREACH_PORTS = ${udpscan_min_unreachables} AND UDP_PORTS >= ${udpscan_min_ports})
EMIT CHANGES;

INSERT INTO ALERT_CANDIDATES SELECT
  'PROTOCOL_SCAN' AS KIND,
  PROBER_IP AS SRC,
  TARGET_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(PROTOCOLS AS DOUBLE) AS SCORE,
  CONCAT(CAST(PROTOCOLS AS STRING), ' IP protocol numbers sent in 60 s') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM PROBE_UPDATES
WHERE PROTOCOLS = ${protoscan_min_protocols}
EMIT CHANGES;
