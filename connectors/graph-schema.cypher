// The graph's uniqueness constraints and the index `ziem graph compact` reads, to run once against
// Neo4j before the sinks start (by `ziem deploy`; the pipeline's integration test runs them too).
// The constraints back the sinks' MERGE keys: without them every MERGE scans its label and
// concurrent writers could create duplicates.
CREATE CONSTRAINT ziem_host_ip IF NOT EXISTS FOR (h:Host) REQUIRE h.ip IS UNIQUE;
CREATE CONSTRAINT ziem_flow_window_id IF NOT EXISTS FOR (w:FlowWindow) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT ziem_alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT ziem_incident_id IF NOT EXISTS FOR (i:Incident) REQUIRE i.id IS UNIQUE;
// `ziem graph compact` selects the windows that ended before its cutoff by this index.
CREATE INDEX ziem_flow_window_end IF NOT EXISTS FOR (w:FlowWindow) ON (w.windowEnd);
