/*
 * The sink's settings and its Cypher rewrite: defaults and validation of the official keys, the
 * durations neo4j.batch-timeout accepts, and the exact statement each message is run through.
 */
package org.neo4j.connectors.kafka.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {
  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("neo4j.uri", "bolt://127.0.0.1:7687");
    m.put("neo4j.authentication.basic.username", "neo4j");
    m.put("neo4j.authentication.basic.password", "secret");
    m.put("neo4j.cypher.topic.flows", "MERGE (h:Host {ip: __value.src})");
    return m;
  }

  @Test
  void readsTheOfficialKeysWithTheirDefaults() {
    SinkSettings s = new SinkSettings(base());
    assertEquals(Map.of("flows", "MERGE (h:Host {ip: __value.src})"), s.cypherByTopic);
    assertEquals(1000, s.getInt(SinkSettings.BATCH_SIZE));
    assertEquals(Duration.ofSeconds(30), s.batchTimeout);
    assertTrue(s.basicAuth());
    assertEquals("secret", s.password());
    assertTrue(!s.toString().contains("secret"), "the password must not print");
  }

  @Test
  void rewritesTheStatementLikeTheOfficialConnector() {
    SinkSettings s = new SinkSettings(base());
    assertEquals("UNWIND $events AS __message WITH __message.value AS event, __message.header AS __header, "
        + "__message.key AS __key, __message.value AS __value, __message.timestamp AS __timestamp "
        + "CALL { WITH * MERGE (h:Host {ip: __value.src}) }", CypherWriter.rewrite(s.cypherByTopic.get("flows"), s));
  }

  @Test
  void honoursTheBindAliases() {
    Map<String, String> m = base();
    m.put("neo4j.cypher.bind-value-as-event", "false");
    m.put("neo4j.cypher.bind-value-as", "v");
    m.put("neo4j.cypher.bind-header-as", "");
    m.put("neo4j.cypher.bind-key-as", "");
    m.put("neo4j.cypher.bind-timestamp-as", "");
    SinkSettings s = new SinkSettings(m);
    assertEquals("UNWIND $events AS __message WITH __message.value AS v CALL { WITH * RETURN 1 }", CypherWriter.rewrite("RETURN 1", s));
  }

  @Test
  void parsesDurations() {
    assertEquals(Duration.ofMillis(500), SinkSettings.parseDuration("500ms"));
    assertEquals(Duration.ofSeconds(30), SinkSettings.parseDuration("30s"));
    assertEquals(Duration.ofMinutes(2), SinkSettings.parseDuration("2m"));
    assertEquals(Duration.ofSeconds(5), SinkSettings.parseDuration("PT5S"));
    assertEquals(Duration.ofMillis(250), SinkSettings.parseDuration("250"));
    assertThrows(ConfigException.class, () -> SinkSettings.parseDuration("soon"));
  }

  @Test
  void rejectsSettingsItCannotWorkWith() {
    Map<String, String> noTopic = base();
    noTopic.remove("neo4j.cypher.topic.flows");
    assertTrue(assertThrows(ConfigException.class, () -> new SinkSettings(noTopic)).getMessage().contains("neo4j.cypher.topic.<TOPIC>"));

    Map<String, String> noUser = base();
    noUser.remove("neo4j.authentication.basic.username");
    assertTrue(assertThrows(ConfigException.class, () -> new SinkSettings(noUser)).getMessage().contains("neo4j.authentication.basic.username"));

    Map<String, String> badBatch = base();
    badBatch.put("neo4j.batch-size", "0");
    assertThrows(ConfigException.class, () -> new SinkSettings(badBatch));

    Map<String, String> badAuth = base();
    badAuth.put("neo4j.authentication.type", "KERBEROS");
    assertThrows(ConfigException.class, () -> new SinkSettings(badAuth));

    Map<String, String> none = base();
    none.put("neo4j.authentication.type", "none");
    none.remove("neo4j.authentication.basic.username");
    assertTrue(!new SinkSettings(none).basicAuth());
  }
}
