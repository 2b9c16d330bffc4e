/*
 * The task: opens one driver per task, groups each put() by topic, writes through CypherWriter and
 * reports poison records to Connect's errant record reporter, which applies errors.tolerance and
 * sends them to errors.deadletterqueue.topic.name. Without a reporter a poison record fails the task.
 */
package org.neo4j.connectors.kafka.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class Neo4jSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(Neo4jSinkTask.class);
  private Driver driver;
  private CypherWriter writer;
  private final Map<String, String> queries = new HashMap<>();
  private ErrantRecordReporter reporter;

  @Override
  public String version() {
    return Neo4jConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    SinkSettings s = new SinkSettings(props);
    AuthToken auth = s.basicAuth() ? AuthTokens.basic(s.getString(SinkSettings.AUTH_USER), s.password()) : AuthTokens.none();
    driver = GraphDatabase.driver(s.getString(SinkSettings.URI), auth);
    writer = new CypherWriter(driver, s);
    s.cypherByTopic.forEach((topic, stmt) -> queries.put(topic, CypherWriter.rewrite(stmt, s)));
    reporter = errantReporter();
    LOG.info("Neo4j sink writing topics {} to {}", queries.keySet(), s.getString(SinkSettings.URI));
  }

  private ErrantRecordReporter errantReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // workers older than Kafka 2.6 have no reporter
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    Map<String, List<SinkRecord>> byTopic = new LinkedHashMap<>();
    for (SinkRecord r : records) byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r);
    List<Future<Void>> reported = new ArrayList<>();
    long t0 = System.nanoTime();
    for (Map.Entry<String, List<SinkRecord>> e : byTopic.entrySet()) {
      String query = queries.get(e.getKey());
      if (query == null) throw new ConnectException("no neo4j.cypher.topic." + e.getKey() + " statement for topic " + e.getKey());
      for (CypherWriter.Failure f : writer.write(query, e.getValue())) reported.add(report(f));
    }
    awaitAll(reported);
    if (LOG.isDebugEnabled() && !records.isEmpty()) {
      LOG.debug("wrote {} records ({} rejected) in {} ms", records.size(), reported.size(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private Future<Void> report(CypherWriter.Failure f) {
    if (reporter == null) {
      throw new ConnectException("Neo4j rejected a record of " + f.record().topic() + " at offset " + f.record().kafkaOffset(), f.error());
    }
    LOG.warn("Neo4j rejected a record of {} at offset {}: {}", f.record().topic(), f.record().kafkaOffset(), f.error().getMessage());
    return reporter.report(f.record(), f.error());
  }

  // Offsets are committed after put() returns, so the DLQ writes must be durable first.
  private static void awaitAll(List<Future<Void>> futures) {
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("interrupted while writing to the dead letter queue", e);
      } catch (ExecutionException e) {
        throw new ConnectException("could not write to the dead letter queue", e.getCause());
      }
    }
  }

  @Override
  public void stop() {
    if (driver != null) driver.close();
    driver = null;
  }
}
