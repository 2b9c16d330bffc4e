-- Reflection and amplification floods: answers the victim never asked for, from many sources. The
-- attacker sends requests with the victim's address as their source to many servers (DNS, NTP,
-- SNMP, memcached, SSDP, CLDAP… for UDP amplification; any TCP server for SYN-ACK reflection), and
-- their answers converge on the victim. On the wire the victim receives, from many distinct
-- sources, responses (UDP datagrams from an amplifying service's port, TCP SYN-ACKs) without having
-- sent the requests they answer. A client, a scanner or a resolver receives answers too, but to
-- requests it sent itself. Per host and 10 s window: answers received, requests sent, and how many
-- distinct sources answered.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- the UDP services used for amplification (CISA's alert TA14-017A and later vectors): QOTD,
-- CharGEN, DNS, TFTP, Portmap, NTP, NetBIOS, SNMP, CLDAP, RIPv1, SSDP, ARD, WS-Discovery, mDNS,
-- CoAP, Ubiquiti discovery, memcached, Steam and Quake servers
DEFINE reflection_udp_ports = '17,19,53,69,111,123,137,161,389,520,1900,3283,3702,5353,5683,10001,11211,27015,27960';
DEFINE reflection_min_answers = '500';
-- many sources: one server answering a lot is a busy conversation, not a reflection
DEFINE reflection_min_sources = '50';
-- requests the host sent per answer it received: a client's answers match its requests
DEFINE reflection_max_request_ratio = '0.1';

-- One row per answer received (HOST is the receiver) or request sent (HOST is the sender).
CREATE STREAM REFLECTION_EVENTS (
  HOST STRING,
  PEER STRING,
  ANSWER INTEGER,
  REQUEST INTEGER,
  VECTOR STRING
) WITH (KAFKA_TOPIC='REFLECTION_EVENTS', VALUE_FORMAT='JSON', PARTITIONS=1);

INSERT INTO REFLECTION_EVENTS SELECT
  DST AS HOST,
  SRC AS PEER,
  1 AS ANSWER,
  0 AS REQUEST,
  CASE WHEN PROTO = 6 THEN CONCAT('TCP SYN-ACKs from port ', CAST(SRC_PORT AS STRING))
    ELSE CONCAT('UDP from port ', CAST(SRC_PORT AS STRING)) END AS VECTOR
FROM PACKETS
-- a multicast group or the broadcast address is no victim: mDNS and SSDP hosts announce themselves
-- there from the services' own ports (5353, 1900) unasked
WHERE SRC IS NOT NULL AND DST IS NOT NULL AND SRC_PORT IS NOT NULL
  AND DST <> '255.255.255.255' AND NOT (CAST(SPLIT(DST, '.')[1] AS INTEGER) BETWEEN 224 AND 239)
  AND ((PROTO = 6 AND TCP_SYN = 1 AND TCP_ACK = 1)
    OR (PROTO = 17 AND ARRAY_CONTAINS(SPLIT('${reflection_udp_ports}', ','), CAST(SRC_PORT AS STRING))))
EMIT CHANGES;

INSERT INTO REFLECTION_EVENTS SELECT
  SRC AS HOST,
  DST AS PEER,
  0 AS ANSWER,
  1 AS REQUEST,
  CAST(NULL AS STRING) AS VECTOR
FROM PACKETS
WHERE SRC IS NOT NULL AND DST IS NOT NULL AND DST_PORT IS NOT NULL
  AND ((PROTO = 6 AND TCP_SYN = 1 AND TCP_ACK = 0)
    OR (PROTO = 17 AND ARRAY_CONTAINS(SPLIT('${reflection_udp_ports}', ','), CAST(DST_PORT AS STRING))))
EMIT CHANGES;

CREATE TABLE HOST_REFLECTIONS WITH (KAFKA_TOPIC='HOST_REFLECTIONS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  HOST,
  AS_VALUE(HOST) AS HOST_IP,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  SUM(ANSWER) AS ANSWERS,
  SUM(REQUEST) AS REQUESTS,
  COUNT_DISTINCT(CASE WHEN ANSWER = 1 THEN PEER END) AS SOURCES,
  LATEST_BY_OFFSET(VECTOR) AS VECTOR
FROM REFLECTION_EVENTS
WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 30 SECONDS)
GROUP BY HOST
EMIT CHANGES;

CREATE STREAM HOST_REFLECTION_UPDATES (
  HOST_IP STRING, WINDOW_START BIGINT, WINDOW_END BIGINT, ANSWERS INTEGER, REQUESTS INTEGER, SOURCES BIGINT,
  VECTOR STRING
) WITH (KAFKA_TOPIC='HOST_REFLECTIONS', VALUE_FORMAT='JSON');

-- fires on the update where the answers reach the threshold (once per victim and window)
INSERT INTO ALERT_CANDIDATES SELECT
  'REFLECTION_FLOOD' AS KIND,
  -- COUNT_DISTINCT is an estimate (HyperLogLog): never more sources than answers
  CONCAT(CAST(CASE WHEN SOURCES > ANSWERS THEN CAST(ANSWERS AS BIGINT) ELSE SOURCES END AS STRING), ' sources') AS SRC,
  HOST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(ANSWERS AS DOUBLE) AS SCORE,
  CONCAT(CAST(ANSWERS AS STRING), ' answers in 10 s (', COALESCE(VECTOR, 'mixed'), ') from about ',
    CAST(CASE WHEN SOURCES > ANSWERS THEN CAST(ANSWERS AS BIGINT) ELSE SOURCES END AS STRING),
    ' sources to ', CAST(REQUESTS AS STRING), ' requests sent') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM HOST_REFLECTION_UPDATES
WHERE ANSWERS = ${reflection_min_answers} AND SOURCES >= ${reflection_min_sources}
  AND CAST(REQUESTS AS DOUBLE) <= CAST(ANSWERS AS DOUBLE) * ${reflection_max_request_ratio}
EMIT CHANGES;
