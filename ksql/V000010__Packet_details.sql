-- PACKET_DETAILS: what the detection rules of V000011–V000015 read beyond PACKETS, from the same
-- capture records: every TCP flag, ARP requests (a sweep of a flat network is ARP first), the
-- header an ICMP error quotes (who probed whom, which port or protocol), and the first payload
-- bytes that name a service whatever its port (an SSH banner, an FTP reply code).
-- The capture agent's field list (cli/sandbox/capture-fields.ts) carries these fields.

-- As in V000001 (variables are scoped to their file): `ziem ksql apply --define capture_topic=…`.
DEFINE capture_topic = 'network-traffic';

-- The same topic as NETWORK_TRAFFIC with the wider field list: PACKETS stays as it was, so its
-- readers (flows, host features, the model) see no change.
CREATE STREAM NETWORK_TRAFFIC_DETAILS (
  `timestamp` STRING,
  LAYERS STRUCT<
    IP_SRC ARRAY<STRING>, IP_DST ARRAY<STRING>, IP_PROTO ARRAY<STRING>,
    TCP_SRCPORT ARRAY<STRING>, TCP_DSTPORT ARRAY<STRING>, TCP_LEN ARRAY<STRING>,
    TCP_FLAGS_SYN ARRAY<STRING>, TCP_FLAGS_ACK ARRAY<STRING>, TCP_FLAGS_RESET ARRAY<STRING>,
    TCP_FLAGS_FIN ARRAY<STRING>, TCP_FLAGS_PUSH ARRAY<STRING>, TCP_FLAGS_URG ARRAY<STRING>,
    UDP_SRCPORT ARRAY<STRING>, UDP_DSTPORT ARRAY<STRING>,
    ICMP_TYPE ARRAY<STRING>, ICMP_CODE ARRAY<STRING>,
    ARP_OPCODE ARRAY<STRING>, ARP_SRC_PROTO_IPV4 ARRAY<STRING>, ARP_DST_PROTO_IPV4 ARRAY<STRING>,
    SSH_PROTOCOL ARRAY<STRING>, FTP_RESPONSE_CODE ARRAY<STRING>, DATA_DATA ARRAY<STRING>
  >
) WITH (KAFKA_TOPIC='${capture_topic}', VALUE_FORMAT='JSON');

-- SRC/DST: the IP header's addresses, or an ARP packet's sender and target addresses.
-- PROBER/TARGET: who sent the probe a packet stands for. For an ICMP error (destination
-- unreachable, time exceeded…) that is the quoted header ([2]: the packet that caused the error),
-- so the victim's "port unreachable" counts for its scanner; for anything else SRC and DST.
-- QUOTED_PORT: the destination port of the quoted UDP/TCP header of an ICMP error (tshark decodes
-- the quoted header, so its port fields are the packet's only ones).
-- SSH_BANNER: the payload starts with "SSH-" (RFC 4253's identification string, sent first by
-- both sides): data.data where tshark has no dissector for the port, ssh.protocol on its own port.
-- FTP_REPLY: the reply code, from the FTP dissector, or "530" at the start of undissected payload.
CREATE STREAM PACKET_DETAILS WITH (KAFKA_TOPIC='PACKET_DETAILS', VALUE_FORMAT='JSON', TIMESTAMP='TS') AS SELECT
  CAST(`timestamp` AS BIGINT) AS TS,
  COALESCE(LAYERS->IP_SRC[1], LAYERS->ARP_SRC_PROTO_IPV4[1]) AS SRC,
  COALESCE(LAYERS->IP_DST[1], LAYERS->ARP_DST_PROTO_IPV4[1]) AS DST,
  CASE WHEN CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) IN (3, 11, 12) AND LAYERS->IP_SRC[2] IS NOT NULL
    THEN LAYERS->IP_SRC[2] ELSE COALESCE(LAYERS->IP_SRC[1], LAYERS->ARP_SRC_PROTO_IPV4[1]) END AS PROBER,
  CASE WHEN CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) IN (3, 11, 12) AND LAYERS->IP_DST[2] IS NOT NULL
    THEN LAYERS->IP_DST[2] ELSE COALESCE(LAYERS->IP_DST[1], LAYERS->ARP_DST_PROTO_IPV4[1]) END AS TARGET,
  CAST(LAYERS->IP_PROTO[1] AS INTEGER) AS PROTO,
  CAST(LAYERS->IP_PROTO[2] AS INTEGER) AS QUOTED_PROTO,
  CAST(COALESCE(LAYERS->TCP_SRCPORT[1], LAYERS->UDP_SRCPORT[1]) AS INTEGER) AS SRC_PORT,
  CAST(COALESCE(LAYERS->TCP_DSTPORT[1], LAYERS->UDP_DSTPORT[1]) AS INTEGER) AS DST_PORT,
  CASE WHEN LAYERS->ICMP_TYPE[1] IS NOT NULL
    THEN CAST(COALESCE(LAYERS->UDP_DSTPORT[1], LAYERS->TCP_DSTPORT[1]) AS INTEGER) END AS QUOTED_PORT,
  CAST(LAYERS->TCP_LEN[1] AS INTEGER) AS TCP_LEN,
  CAST(LAYERS->TCP_FLAGS_SYN[1] AS INTEGER) AS TCP_SYN,
  CAST(LAYERS->TCP_FLAGS_ACK[1] AS INTEGER) AS TCP_ACK,
  CAST(LAYERS->TCP_FLAGS_RESET[1] AS INTEGER) AS TCP_RST,
  CAST(LAYERS->TCP_FLAGS_FIN[1] AS INTEGER) AS TCP_FIN,
  CAST(LAYERS->TCP_FLAGS_PUSH[1] AS INTEGER) AS TCP_PSH,
  CAST(LAYERS->TCP_FLAGS_URG[1] AS INTEGER) AS TCP_URG,
  CAST(LAYERS->ICMP_TYPE[1] AS INTEGER) AS ICMP_TYPE,
  CAST(LAYERS->ICMP_CODE[1] AS INTEGER) AS ICMP_CODE,
  CAST(LAYERS->ARP_OPCODE[1] AS INTEGER) AS ARP_OP,
  (LAYERS->SSH_PROTOCOL[1] IS NOT NULL OR LAYERS->DATA_DATA[1] LIKE '5353482d%') AS SSH_BANNER,
  CAST(COALESCE(LAYERS->FTP_RESPONSE_CODE[1],
    CASE WHEN LAYERS->DATA_DATA[1] LIKE '3533302%' THEN '530' END) AS INTEGER) AS FTP_REPLY
FROM NETWORK_TRAFFIC_DETAILS
EMIT CHANGES;
