-- Password guessing recognised by the service, on any port: an SSH session begins with each side's
-- identification string "SSH-…" (RFC 4253 4.2), so the client's banner counts one session to the
-- server's port; an FTP server answers each failed login "530". Counted per client, server and port
-- in 5-minute windows advancing by a minute, so a slow guesser (one try every few seconds or
-- minutes) adds up as a fast one does. V000009 counts SYNs to ports 21 and 22 in 60 s.
-- An SSH login is encrypted: a session that succeeded looks like one that failed, so the SSH rule
-- counts sessions; Zeek's SSH::password_guesses_limit (30) counts guesses it infers from sizes.

SET 'ksql.streams.statestore.cache.max.bytes' = '0';

-- an administrator opens a few sessions to one server in five minutes; a guesser one per try
DEFINE ssh_min_sessions = '10';
DEFINE ftp_min_failures = '10';

-- the client's banner goes to the server's port; the server's to the client's port of that session
CREATE TABLE SSH_SESSIONS WITH (KAFKA_TOPIC='SSH_SESSIONS', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  SRC,
  DST,
  DST_PORT,
  AS_VALUE(SRC) AS SRC_IP,
  AS_VALUE(DST) AS DST_IP,
  AS_VALUE(DST_PORT) AS PORT,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  COUNT(*) AS SESSIONS
FROM PACKET_DETAILS
WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE, GRACE PERIOD 30 SECONDS)
WHERE PROTO = 6 AND SSH_BANNER AND SRC IS NOT NULL AND DST IS NOT NULL AND DST_PORT IS NOT NULL
GROUP BY SRC, DST, DST_PORT
EMIT CHANGES;

CREATE STREAM SSH_SESSION_UPDATES (
  SRC_IP STRING, DST_IP STRING, PORT INTEGER, WINDOW_START BIGINT, WINDOW_END BIGINT, SESSIONS BIGINT
) WITH (KAFKA_TOPIC='SSH_SESSIONS', VALUE_FORMAT='JSON');

INSERT INTO ALERT_CANDIDATES SELECT
  'SSH_BRUTE_FORCE' AS KIND,
  SRC_IP AS SRC,
  DST_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(SESSIONS AS DOUBLE) AS SCORE,
  CONCAT(CAST(SESSIONS AS STRING), ' SSH sessions to port ', CAST(PORT AS STRING), ' in 5 min') AS REASON
FROM SSH_SESSION_UPDATES
WHERE SESSIONS = ${ssh_min_sessions}
EMIT CHANGES;

-- replies go from the server's port to the client
CREATE TABLE FTP_FAILURES WITH (KAFKA_TOPIC='FTP_FAILURES', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS SELECT
  SRC,
  DST,
  SRC_PORT,
  AS_VALUE(SRC) AS SERVER_IP,
  AS_VALUE(DST) AS CLIENT_IP,
  AS_VALUE(SRC_PORT) AS PORT,
  WINDOWSTART AS WINDOW_START,
  WINDOWEND AS WINDOW_END,
  COUNT(*) AS FAILURES
FROM PACKET_DETAILS
WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE, GRACE PERIOD 30 SECONDS)
WHERE PROTO = 6 AND FTP_REPLY = 530 AND SRC IS NOT NULL AND DST IS NOT NULL AND SRC_PORT IS NOT NULL
GROUP BY SRC, DST, SRC_PORT
EMIT CHANGES;

CREATE STREAM FTP_FAILURE_UPDATES (
  SERVER_IP STRING, CLIENT_IP STRING, PORT INTEGER, WINDOW_START BIGINT, WINDOW_END BIGINT, FAILURES BIGINT
) WITH (KAFKA_TOPIC='FTP_FAILURES', VALUE_FORMAT='JSON');

INSERT INTO ALERT_CANDIDATES SELECT
  'FTP_BRUTE_FORCE' AS KIND,
  CLIENT_IP AS SRC,
  SERVER_IP AS DST,
  WINDOW_START,
  WINDOW_END,
  CAST(FAILURES AS DOUBLE) AS SCORE,
  CONCAT(CAST(FAILURES AS STRING), ' failed FTP logins (530) on port ', CAST(PORT AS STRING), ' in 5 min') AS REASON
FROM FTP_FAILURE_UPDATES
WHERE FAILURES = ${ftp_min_failures}
EMIT CHANGES;
