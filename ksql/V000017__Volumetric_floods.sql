-- Volumetric floods other than SYN floods (V000008, V000013) and reflections (V000016): a host
-- receiving many packets of one kind that it does not answer in kind. On the wire:
-- - a UDP flood is datagrams to one host (random or fixed ports) from many sources, spoofed or a
--   botnet; the victim answers with ICMP port unreachables at most, never with UDP, whereas a busy
--   UDP service (DNS, NTP, a game server) answers each request with a datagram;
-- - a TCP flood without SYN (ACK, PSH-ACK, FIN, URG floods, junk segments) hits no connection the
--   victim has: it answers with RSTs or not at all, whereas a busy server's clients get ACKs and data;
-- - an ICMP flood (ping -f, hping3 --icmp --flood, from one source or many) is echo (or timestamp,
--   information, mask) requests at a rate no monitoring does; the victim's echo replies do not make
--   it benign, so only the rate counts;
-- - other IP protocols (GRE, ESP, unassigned numbers) from many sources, unanswered.
-- Left to the other rules: segments with SYN (SYN floods, SYN-ACK reflection), UDP from the
-- amplifying services' ports (reflection), RSTs (backscatter of a reflection or of spoofed SYNs)
-- and ICMP errors (the answers to someone's probes). A multicast group or the broadcast address is
-- no victim: many hosts announce themselves there (LLMNR, mDNS, SSDP, DHCP) and none answers as
-- the group. Per host, flood class and 10 s window: packets received, packets of the same class
-- the host sent (its answers), distinct sources and ports.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- the amplifying services' UDP ports, as in V000016 (variables are scoped to their file)
DEFINE reflection_udp_ports = '17,19,53,69,111,123,137,161,389,520,1900,3283,3702,5353,5683,10001,11211,27015,27960';
-- 100 packets/s against one host for 10 s, as V000013's distributed SYN flood
DEFINE flood_min_packets = '1000';
-- many sources: one sender's heavy stream to one host is a conversation (a transfer, a stream)
DEFINE flood_min_sources = '50';
-- packets of the same class the host sent per packet received: a service answers its clients
DEFINE flood_max_answer_ratio = '0.1';
-- ICMP requests to one host in 10 s: ping sends one a second, a flood hundreds or thousands
DEFINE icmpflood_min_requests = '1000';

-- One row per packet received (HOST is the receiver) or answer sent (HOST is the sender).
-- FLOOD: UDP, TCP, ICMP or IP (any other protocol).
CREATE STREAM FLOOD_EVENTS (
  HOST STRING,
  PEER STRING,
  FLOOD STRING,
  RECEIVED INTEGER,
  ANSWERED INTEGER,
  PORT INTEGER,
  VECTOR STRING
) WITH (KAFKA_TOPIC='FLOOD_EVENTS', VALUE_FORMAT='JSON', PARTITIONS=1);

INSERT INTO FLOOD_EVENTS SELECT
  DST AS HOST,
  SRC AS PEER,
  CASE WHEN PROTO = 17 THEN 'UDP' WHEN PROTO = 6 THEN 'TCP' WHEN PROTO = 1 THEN 'ICMP' ELSE 'IP' END AS FLOOD,
  1 AS RECEIVED,
  0 AS ANSWERED,
  DST_PORT AS PORT,
  CASE
    WHEN PROTO = 17 THEN 'UDP datagrams'
    WHEN PROTO = 6 AND TCP_FIN = 0 AND TCP_PSH = 0 AND TCP_URG = 0 AND TCP_ACK = 0 THEN 'TCP segments without flags'
    WHEN PROTO = 6 THEN CONCAT('TCP ', CONCAT_WS('-',
      CASE WHEN TCP_FIN = 1 THEN 'FIN' END, CASE WHEN TCP_PSH = 1 THEN 'PSH' END,
      CASE WHEN TCP_URG = 1 THEN 'URG' END, CASE WHEN TCP_ACK = 1 THEN 'ACK' END), ' segments')
    WHEN PROTO = 1 THEN CONCAT('ICMP type ', CAST(ICMP_TYPE AS STRING), ' requests')
    ELSE CONCAT('IP protocol ', CAST(PROTO AS STRING), ' packets')
  END AS VECTOR
FROM PACKETS
WHERE SRC IS NOT NULL AND DST IS NOT NULL AND PROTO IS NOT NULL
  AND DST <> '255.255.255.255' AND NOT (CAST(SPLIT(DST, '.')[1] AS INTEGER) BETWEEN 224 AND 239)
  AND ((PROTO = 17 AND SRC_PORT IS NOT NULL
      AND NOT ARRAY_CONTAINS(SPLIT('${reflection_udp_ports}', ','), CAST(SRC_PORT AS STRING)))
    OR (PROTO = 6 AND TCP_SYN = 0 AND TCP_RST = 0)
    OR (PROTO = 1 AND ICMP_TYPE IN (8, 13, 15, 17))
    OR PROTO NOT IN (1, 6, 17))
EMIT CHANGES;

-- answers: UDP of any kind, TCP segments other than RSTs, the same other protocol (ICMP's are not
-- counted: an echo reply does not make a ping flood benign)
INSERT INTO FLOOD_EVENTS SELECT
  SRC AS HOST,
  DST AS PEER,
  CASE WHEN PROTO = 17 THEN 'UDP' WHEN PROTO = 6 THEN 'TCP' ELSE 'IP' END AS FLOOD,
  0 AS RECEIVED,
  1 AS ANSWERED,
  CAST(NULL AS INTEGER) AS PORT,
  CAST(NULL AS STRING) AS VECTOR
FROM PACKETS
WHERE SRC IS NOT NULL AND DST IS NOT NULL AND PROTO IS NOT NULL
  AND (PROTO = 17 OR (PROTO = 6 AND TCP_RST = 0) OR PROTO NOT IN (1, 6, 17))
EMIT CHANGES;

CREATE TABLE HOST_FLOODS WITH (KAFKA_TOPIC='HOST_FLOODS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  HOST,
  FLOOD,
  AS_VALUE(HOST) AS HOST_IP,
  AS_VALUE(FLOOD) AS FLOOD_CLASS,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  SUM(RECEIVED) AS RECEIVED,
  SUM(ANSWERED) AS ANSWERED,
  COUNT_DISTINCT(CASE WHEN RECEIVED = 1 THEN PEER END) AS SOURCES,
  COUNT_DISTINCT(PORT) AS PORTS,
  LATEST_BY_OFFSET(CASE WHEN RECEIVED = 1 THEN PEER END) AS LAST_SOURCE,
  LATEST_BY_OFFSET(VECTOR) AS VECTOR
FROM FLOOD_EVENTS
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 30 SECONDS)
GROUP BY HOST, FLOOD
-- only the update where the packets reach the threshold (and the next, a tombstone, which the
-- stream below skips) leaves the table: one record per flood, not one per packet
HAVING (FLOOD = 'ICMP' AND SUM(RECEIVED) = ${icmpflood_min_requests})
  OR (FLOOD <> 'ICMP' AND SUM(RECEIVED) = ${flood_min_packets}
    AND COUNT_DISTINCT(CASE WHEN RECEIVED = 1 THEN PEER END) >= ${flood_min_sources}
    AND CAST(SUM(ANSWERED) AS DOUBLE) <= CAST(SUM(RECEIVED) AS DOUBLE) * ${flood_max_answer_ratio})
EMIT CHANGES;

CREATE STREAM HOST_FLOOD_UPDATES (
  HOST_IP STRING, FLOOD_CLASS STRING, WINDOW_START BIGINT, WINDOW_END BIGINT, RECEIVED INTEGER,
  ANSWERED INTEGER, SOURCES BIGINT, PORTS BIGINT, LAST_SOURCE STRING, VECTOR STRING
) WITH (KAFKA_TOPIC='HOST_FLOODS', VALUE_FORMAT='JSON');

-- HOST_FLOODS holds only floods: each is an alert (ALERT_FIRSTS keeps one per victim, class and
-- window). SRC is the one source, or the count of sources (COUNT_DISTINCT is an estimate: never
-- more sources than packets)
INSERT INTO ALERT_CANDIDATES SELECT
  CASE FLOOD_CLASS WHEN 'UDP' THEN 'UDP_FLOOD' WHEN 'TCP' THEN 'TCP_FLOOD' WHEN 'ICMP' THEN 'ICMP_FLOOD'
    ELSE 'IP_FLOOD' END AS KIND,
  CASE WHEN SOURCES <= 1 THEN LAST_SOURCE
    ELSE CONCAT(CAST(CASE WHEN SOURCES > RECEIVED THEN CAST(RECEIVED AS BIGINT) ELSE SOURCES END AS STRING), ' sources')
  END AS SRC,
  HOST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(RECEIVED AS DOUBLE) AS SCORE,
  CONCAT(CAST(RECEIVED AS STRING), ' ', COALESCE(VECTOR, FLOOD_CLASS), ' in 10 s',
    CASE WHEN FLOOD_CLASS IN ('UDP', 'TCP') THEN CONCAT(' to ', CAST(PORTS AS STRING), ' port(s)') ELSE '' END,
    ' from about ',
    CAST(CASE WHEN SOURCES > RECEIVED THEN CAST(RECEIVED AS BIGINT) ELSE SOURCES END AS STRING),
    ' source(s)',
    CASE WHEN FLOOD_CLASS = 'ICMP' THEN '' ELSE CONCAT(', ', CAST(ANSWERED AS STRING), ' answered') END) AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM HOST_FLOOD_UPDATES
EMIT CHANGES;
