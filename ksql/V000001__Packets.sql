-- The capture's raw records and PACKETS, the typed and flattened packet stream every other object
-- reads. Input: tshark 4.0 EK lines ({"timestamp":"<epoch ms>","layers":{"ip_src":["10.77.0.2"],…}}),
-- every field an array of strings, a missing layer absent (so its columns read as null).
-- One stream reads the capture topic, once: the flow and host columns, and what the detection rules
-- of V000011–V000018 read beyond them (every TCP flag, ARP requests, the header an ICMP error quotes,
-- the first payload bytes that name a service whatever its port). They were two streams over the
-- same topic (PACKETS and V000010's PACKET_DETAILS), so every capture record was read, decoded and
-- written twice. The capture agent's field list (cli/sandbox/capture-fields.ts) carries these fields.

-- Overridable with `ziem ksql apply --define capture_topic=…` (the capture's topic).
DEFINE capture_topic = 'network-traffic';
-- Internal hosts: a LIKE pattern per CIDR (ksqlDB has no CIDR function); a /24 is 'a.b.c.%',
-- a /16 'a.b.%'. The default is the sandbox's 10.77.0.0/24.
DEFINE internal_hosts = '10.77.0.%';

-- PARTITIONS: as in ksqlDB, the statement creates the topic when it does not exist yet (a fresh
-- stack, before any capture), and is checked against the topic when the capture made it first
-- (Kafka's default of 1 partition, as kcat and ziem replay create it). A capture topic made with
-- more partitions: `--define capture_partitions=<its count>`.
DEFINE capture_partitions = '1';
CREATE STREAM NETWORK_TRAFFIC (
  `timestamp` STRING,
  LAYERS STRUCT<
    FRAME_LEN ARRAY<STRING>,
    IP_SRC ARRAY<STRING>, IP_DST ARRAY<STRING>, IP_PROTO ARRAY<STRING>, IP_LEN ARRAY<STRING>, IP_TTL ARRAY<STRING>,
    TCP_SRCPORT ARRAY<STRING>, TCP_DSTPORT ARRAY<STRING>, TCP_LEN ARRAY<STRING>,
    TCP_FLAGS_SYN ARRAY<STRING>, TCP_FLAGS_ACK ARRAY<STRING>, TCP_FLAGS_RESET ARRAY<STRING>,
    TCP_FLAGS_FIN ARRAY<STRING>, TCP_FLAGS_PUSH ARRAY<STRING>,
    UDP_SRCPORT ARRAY<STRING>, UDP_DSTPORT ARRAY<STRING>, UDP_LENGTH ARRAY<STRING>,
    ICMP_TYPE ARRAY<STRING>, ICMP_CODE ARRAY<STRING>,
    TCP_FLAGS_URG ARRAY<STRING>,
    ARP_OPCODE ARRAY<STRING>, ARP_SRC_PROTO_IPV4 ARRAY<STRING>, ARP_DST_PROTO_IPV4 ARRAY<STRING>,
    SSH_PROTOCOL ARRAY<STRING>, FTP_RESPONSE_CODE ARRAY<STRING>, DATA_DATA ARRAY<STRING>
  >
) WITH (KAFKA_TOPIC='${capture_topic}', VALUE_FORMAT='JSON', PARTITIONS=${capture_partitions});

-- [1] is the outer header: an ICMP error quoting a packet carries the quoted IP header second.
-- SRC/DST: the IP header's addresses (null for ARP, so flows and host features are IP traffic).
-- TCP flags are 0/1 integers (null when the packet is not TCP) so that SUM counts them.
-- TS becomes each record's time (TIMESTAMP='TS'), so windows follow capture time, not Kafka time.
-- PROBER/TARGET: who sent the probe a packet stands for. For an ICMP error (destination
-- unreachable, time exceeded…) that is the quoted header ([2]: the packet that caused the error),
-- so the victim's "port unreachable" counts for its scanner; for anything else the IP addresses,
-- or an ARP packet's sender and target addresses.
-- QUOTED_PORT: the destination port of the quoted UDP/TCP header of an ICMP error (tshark decodes
-- the quoted header, so its port fields are the packet's only ones).
-- SSH_BANNER: the payload starts with "SSH-" (RFC 4253's identification string, sent first by
-- both sides): data.data where tshark has no dissector for the port, ssh.protocol on its own port.
-- FTP_REPLY: the reply code, from the FTP dissector, or "530" at the start of undissected payload.
CREATE STREAM PACKETS WITH (KAFKA_TOPIC='PACKETS', VALUE_FORMAT='JSON', TIMESTAMP='TS') AS SELECT
  CAST(`timestamp` AS BIGINT) AS TS,
  LAYERS->IP_SRC[1] AS SRC,
  LAYERS->IP_DST[1] AS DST,
  CAST(LAYERS->IP_PROTO[1] AS INTEGER) AS PROTO,
  CAST(LAYERS->FRAME_LEN[1] AS BIGINT) AS FRAME_LEN,
  CAST(LAYERS->IP_LEN[1] AS INTEGER) AS IP_LEN,
  CAST(LAYERS->IP_TTL[1] AS INTEGER) AS TTL,
  CAST(COALESCE(LAYERS->TCP_SRCPORT[1], LAYERS->UDP_SRCPORT[1]) AS INTEGER) AS SRC_PORT,
  CAST(COALESCE(LAYERS->TCP_DSTPORT[1], LAYERS->UDP_DSTPORT[1]) AS INTEGER) AS DST_PORT,
  CAST(LAYERS->TCP_LEN[1] AS INTEGER) AS TCP_LEN,
  CAST(LAYERS->TCP_FLAGS_SYN[1] AS INTEGER) AS TCP_SYN,
  CAST(LAYERS->TCP_FLAGS_ACK[1] AS INTEGER) AS TCP_ACK,
  CAST(LAYERS->TCP_FLAGS_RESET[1] AS INTEGER) AS TCP_RST,
  CAST(LAYERS->TCP_FLAGS_FIN[1] AS INTEGER) AS TCP_FIN,
  CAST(LAYERS->TCP_FLAGS_PUSH[1] AS INTEGER) AS TCP_PSH,
  CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) AS ICMP_TYPE,
  CAST(LAYERS->ICMP_CODE[1] AS INTEGER) AS ICMP_CODE,
  LAYERS->IP_SRC[1] LIKE '${internal_hosts}' AS SRC_INTERNAL,
  LAYERS->IP_DST[1] LIKE '${internal_hosts}' AS DST_INTERNAL,
  CASE WHEN CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) IN (3, 11, 12) AND LAYERS->IP_SRC[2] IS NOT NULL
    THEN LAYERS->IP_SRC[2] ELSE COALESCE(LAYERS->IP_SRC[1], LAYERS->ARP_SRC_PROTO_IPV4[1]) END AS PROBER,
  CASE WHEN CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) IN (3, 11, 12) AND LAYERS->IP_DST[2] IS NOT NULL
    THEN LAYERS->IP_DST[2] ELSE COALESCE(LAYERS->IP_DST[1], LAYERS->ARP_DST_PROTO_IPV4[1]) END AS TARGET,
  CAST(LAYERS->IP_PROTO[2] AS INTEGER) AS QUOTED_PROTO,
  CASE WHEN LAYERS->ICMP_TYPE[1] IS NOT NULL
    THEN CAST(COALESCE(LAYERS->UDP_DSTPORT[1], LAYERS->TCP_DSTPORT[1]) AS INTEGER) END AS QUOTED_PORT,
  CAST(LAYERS->TCP_FLAGS_URG[1] AS INTEGER) AS TCP_URG,
  CAST(LAYERS->ARP_OPCODE[1] AS INTEGER) AS ARP_OP,
  (LAYERS->SSH_PROTOCOL[1] IS NOT NULL OR LAYERS->DATA_DATA[1] LIKE '5353482d%') AS SSH_BANNER,
  CAST(COALESCE(LAYERS->FTP_RESPONSE_CODE[1],
    CASE WHEN LAYERS->DATA_DATA[1] LIKE '3533302%' THEN '530' END) AS INTEGER) AS FTP_REPLY
FROM NETWORK_TRAFFIC
EMIT CHANGES;
