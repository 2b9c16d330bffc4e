/*
 * The connector class Connect instantiates. It carries the same fully qualified name as the official
 * Neo4j 5.x sink so that one connectors/*.json works on every target; it only validates settings and
 * hands the same settings to each task. The writing lives in Neo4jSinkTask.
 */
package org.neo4j.connectors.kafka.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

public class Neo4jConnector extends SinkConnector {
  static final String VERSION = "0.1.0-ziem";
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    new SinkSettings(props); // fail the connector, not each task, on bad settings
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return Neo4jSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) out.add(props);
    return out;
  }

  @Override
  public void stop() {
    props = null;
  }

  @Override
  public ConfigDef config() {
    return SinkSettings.DEFINITION;
  }

  @Override
  public String version() {
    return VERSION;
  }
}
