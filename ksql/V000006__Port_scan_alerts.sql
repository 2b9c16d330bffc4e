-- Port scan: one source touching many destination ports of one host in a 10 s window while
-- completing few handshakes (a SYN scan sends SYN then RST; nmap's default touches exactly 1,000
-- ports, so the threshold sits well below that).

DEFINE portscan_min_ports = '100';
-- handshake ratio: the source's pure ACKs per SYN it sent; a scan completes almost none
DEFINE portscan_max_ack_ratio = '0.2';

-- `DST_PORTS = threshold`: FLOWS emits every update and DST_PORTS grows by at most one per packet,
-- so the alert is raised on the packet that crosses it (later updates at the same count are
-- dropped by ALERT_FIRSTS). A scan sends a SYN per port: SYNS * 2 >= DST_PORTS keeps out the
-- victim's answers to many client ports, which have no SYN at all.
INSERT INTO ALERT_CANDIDATES SELECT
  'PORT_SCAN' AS KIND,
  SRC_IP AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(DST_PORTS AS DOUBLE) AS SCORE,
  CONCAT(CAST(DST_PORTS AS STRING), ' destination ports in 10 s with ', CAST(SYNS AS STRING), ' SYNs and ',
    CAST(ACKS AS STRING), ' ACKs') AS REASON,
  CAST(NULL AS STRING) AS ATTACK_CLASS,
  CAST(NULL AS DOUBLE) AS CLASS_PROBABILITY
FROM FLOW_UPDATES
WHERE DST_PORTS = ${portscan_min_ports} AND SYNS * 2 >= DST_PORTS
  AND CAST(ACKS AS DOUBLE) <= CAST(SYNS AS DOUBLE) * ${portscan_max_ack_ratio}
EMIT CHANGES;
