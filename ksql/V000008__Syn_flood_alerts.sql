-- SYN flood: many SYNs from one source to few ports of one host in a 10 s window, with few
-- completed handshakes. The handshake ratio (the source's ACKs per SYN), not SYN-ACKs back, is the
-- signal: a Linux victim answers every SYN (SYN cookies) and the flooder's kernel resets each
-- answer, so SYN-ACKs back stay high while no handshake completes.

DEFINE synflood_min_syns = '300';
DEFINE synflood_max_ports = '5';
DEFINE synflood_max_ack_ratio = '0.1';

-- SYNS grows by at most one per packet: `=` fires on the crossing packet (see V000006);
-- DST_PORTS keeps a port scan (hundreds of ports at the same SYN count) out.
INSERT INTO ALERT_CANDIDATES SELECT
  'SYN_FLOOD' AS KIND,
  SRC_IP AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(SYNS AS DOUBLE) AS SCORE,
  CONCAT(CAST(SYNS AS STRING), ' SYNs in 10 s to ', CAST(DST_PORTS AS STRING), ' ports with ', CAST(ACKS AS STRING),
    ' ACKs, ', CAST(SYN_ACKS AS STRING), ' SYN-ACKs sent and ', CAST(RSTS AS STRING), ' RSTs') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM FLOW_UPDATES
WHERE SYNS = ${synflood_min_syns} AND DST_PORTS <= ${synflood_max_ports}
  AND CAST(ACKS AS DOUBLE) <= CAST(SYNS AS DOUBLE) * ${synflood_max_ack_ratio}
EMIT CHANGES;
