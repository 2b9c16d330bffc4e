/*
 * The sink's settings: the official Neo4j 5.x connector's Cypher-strategy keys (neo4j.uri,
 * neo4j.authentication.*, neo4j.cypher.topic.<TOPIC>, neo4j.batch-size, neo4j.batch-timeout and the
 * neo4j.cypher.bind-* aliases), parsed and validated once. Error handling (errors.tolerance, the DLQ)
 * belongs to the Connect framework and is not parsed here.
 */
package org.neo4j.connectors.kafka.sink;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

final class SinkSettings extends AbstractConfig {
  static final String URI = "neo4j.uri";
  static final String DATABASE = "neo4j.database";
  static final String AUTH_TYPE = "neo4j.authentication.type";
  static final String AUTH_USER = "neo4j.authentication.basic.username";
  static final String AUTH_PASSWORD = "neo4j.authentication.basic.password";
  static final String BATCH_SIZE = "neo4j.batch-size";
  static final String BATCH_TIMEOUT = "neo4j.batch-timeout";
  static final String CYPHER_TOPIC_PREFIX = "neo4j.cypher.topic.";
  static final String BIND_VALUE_AS_EVENT = "neo4j.cypher.bind-value-as-event";
  static final String BIND_VALUE_AS = "neo4j.cypher.bind-value-as";
  static final String BIND_KEY_AS = "neo4j.cypher.bind-key-as";
  static final String BIND_HEADER_AS = "neo4j.cypher.bind-header-as";
  static final String BIND_TIMESTAMP_AS = "neo4j.cypher.bind-timestamp-as";

  static final ConfigDef DEFINITION = new ConfigDef()
      .define(URI, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Bolt URI of Neo4j, e.g. neo4j://127.0.0.1:7687")
      .define(DATABASE, Type.STRING, "", Importance.MEDIUM, "database to write to (empty: the server's default)")
      .define(AUTH_TYPE, Type.STRING, "BASIC", ConfigDef.CaseInsensitiveValidString.in("NONE", "BASIC"), Importance.HIGH, "NONE or BASIC")
      .define(AUTH_USER, Type.STRING, "", Importance.HIGH, "user for BASIC authentication")
      .define(AUTH_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "password for BASIC authentication")
      .define(BATCH_SIZE, Type.INT, 1000, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM, "records per transaction")
      .define(BATCH_TIMEOUT, Type.STRING, "30s", Importance.MEDIUM, "transaction timeout of one batch, e.g. 30s, 500ms")
      .define(BIND_VALUE_AS_EVENT, Type.BOOLEAN, true, Importance.LOW, "also bind the message value as `event`")
      .define(BIND_VALUE_AS, Type.STRING, "__value", Importance.LOW, "variable the message value is bound to")
      .define(BIND_KEY_AS, Type.STRING, "__key", Importance.LOW, "variable the message key is bound to")
      .define(BIND_HEADER_AS, Type.STRING, "__header", Importance.LOW, "variable the message headers are bound to")
      .define(BIND_TIMESTAMP_AS, Type.STRING, "__timestamp", Importance.LOW, "variable the record timestamp (epoch ms) is bound to");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  final Map<String, String> cypherByTopic;
  final Duration batchTimeout;

  SinkSettings(Map<String, String> props) {
    super(DEFINITION, props);
    this.cypherByTopic = topicQueries(props);
    this.batchTimeout = parseDuration(getString(BATCH_TIMEOUT));
    if (basicAuth() && getString(AUTH_USER).isEmpty()) {
      throw new ConfigException(AUTH_USER, "", "required when " + AUTH_TYPE + " is BASIC");
    }
  }

  boolean basicAuth() {
    return getString(AUTH_TYPE).toUpperCase(Locale.ROOT).equals("BASIC");
  }

  String password() {
    Password p = getPassword(AUTH_PASSWORD);
    return p == null ? "" : p.value();
  }

  private static Map<String, String> topicQueries(Map<String, String> props) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (!e.getKey().startsWith(CYPHER_TOPIC_PREFIX)) continue;
      String topic = e.getKey().substring(CYPHER_TOPIC_PREFIX.length());
      if (topic.isEmpty() || e.getValue() == null || e.getValue().isBlank()) {
        throw new ConfigException(e.getKey(), e.getValue(), "needs a topic name and a Cypher statement");
      }
      out.put(topic, e.getValue());
    }
    if (out.isEmpty()) {
      throw new ConfigException(CYPHER_TOPIC_PREFIX + "<TOPIC>", null, "at least one Cypher statement per topic is required");
    }
    return out;
  }

  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) return Duration.parse(t);
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) throw new ConfigException(BATCH_TIMEOUT, text, "expected a duration such as 30s, 500ms or PT30S");
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    switch (unit) {
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      default: return Duration.ofMillis(n);
    }
  }
}
