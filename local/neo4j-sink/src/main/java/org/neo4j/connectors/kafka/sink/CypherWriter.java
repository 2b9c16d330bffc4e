/*
 * Writes records of one topic to Neo4j with that topic's Cypher statement, in UNWIND batches of
 * neo4j.batch-size, one managed transaction each (the driver retries transient failures inside
 * executeWrite). A batch that fails for a non-transient reason is replayed record by record so that
 * only the poison records are handed back to the task for the dead letter queue.
 */
package org.neo4j.connectors.kafka.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Query;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

final class CypherWriter {
  /** A record Neo4j refused, with the reason, for the errant record reporter. */
  record Failure(SinkRecord record, Exception error) {}

  private final Driver driver;
  private final SessionConfig session;
  private final TransactionConfig tx;
  private final int batchSize;

  CypherWriter(Driver driver, SinkSettings s) {
    this.driver = driver;
    String db = s.getString(SinkSettings.DATABASE);
    this.session = db.isEmpty() ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(db);
    this.tx = TransactionConfig.builder().withTimeout(s.batchTimeout).build();
    this.batchSize = s.getInt(SinkSettings.BATCH_SIZE);
  }

  /** The official connector's rewrite: bind each message's parts, then run the statement per message. */
  static String rewrite(String statement, SinkSettings s) {
    List<String> binds = new ArrayList<>();
    if (s.getBoolean(SinkSettings.BIND_VALUE_AS_EVENT)) binds.add("__message.value AS event");
    addBind(binds, "header", s.getString(SinkSettings.BIND_HEADER_AS));
    addBind(binds, "key", s.getString(SinkSettings.BIND_KEY_AS));
    addBind(binds, "value", s.getString(SinkSettings.BIND_VALUE_AS));
    addBind(binds, "timestamp", s.getString(SinkSettings.BIND_TIMESTAMP_AS));
    return "UNWIND $events AS __message WITH " + String.join(", ", binds) + " CALL { WITH * " + statement + " }";
  }

  private static void addBind(List<String> binds, String part, String alias) {
    if (!alias.isEmpty()) binds.add("__message." + part + " AS " + alias);
  }

  /** A record converted to the map the rewritten statement unwinds. */
  private record Event(SinkRecord record, Map<String, Object> params) {}

  /** Writes all records; returns the poison ones. Throws RetriableException when Neo4j is unreachable. */
  List<Failure> write(String query, List<SinkRecord> records) {
    List<Failure> failures = new ArrayList<>();
    List<Event> events = new ArrayList<>(records.size());
    for (SinkRecord r : records) {
      try {
        events.add(new Event(r, ConnectValues.event(r)));
      } catch (DataException e) {
        failures.add(new Failure(r, e));
      }
    }
    for (int from = 0; from < events.size(); from += batchSize) {
      List<Event> chunk = events.subList(from, Math.min(events.size(), from + batchSize));
      try {
        run(query, chunk);
      } catch (ClientException e) {
        for (Event ev : chunk) writeOne(query, ev, failures);
      }
    }
    return failures;
  }

  private void writeOne(String query, Event ev, List<Failure> failures) {
    try {
      run(query, List.of(ev));
    } catch (ClientException e) {
      failures.add(new Failure(ev.record(), e));
    }
  }

  private void run(String query, List<Event> chunk) {
    List<Map<String, Object>> params = new ArrayList<>(chunk.size());
    for (Event ev : chunk) params.add(ev.params());
    try (var s = driver.session(session)) {
      s.executeWriteWithoutResult(t -> t.run(new Query(query, Map.of("events", params))).consume(), tx);
    } catch (SecurityException e) {
      throw new ConnectException("Neo4j refused the sink's credentials or permissions: " + e.getMessage(), e);
    } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
      throw new RetriableException("Neo4j is unavailable or busy; Connect will redeliver the batch", e);
    } catch (ClientException e) {
      throw e;
    } catch (Neo4jException e) {
      throw new RetriableException("Neo4j failed the batch: " + e.getMessage(), e);
    }
  }
}
