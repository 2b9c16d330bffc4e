// The peer's process: one long-lived JVM (warmed across rounds, as the engine's Node process is)
// that runs one Kafka Streams application at a time on command, so JVM start-up is never timed.
// Protocol, one line each way: stdin `run <topology> <application.id> <input> <output> <state.dir>`
// and `close`; stdout JSON events `ready` (with the JVM's heap, GC and processor facts), `started`
// (KafkaStreams.start() returned), `closed` (with the JVM's live thread count while it ran).
// Usage: java [jvm options] -jar kafka-streams-peer.jar <bootstrap> [stream threads] [commit.interval.ms]
package dev.ziem.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

public final class KafkaStreamsPeer {
  private final String bootstrap;
  private final int threads;
  private final int commitMs;
  private KafkaStreams running;
  private int peakThreads;

  private KafkaStreamsPeer(String bootstrap, int threads, int commitMs) {
    this.bootstrap = bootstrap;
    this.threads = threads;
    this.commitMs = commitMs;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: kafka-streams-peer <bootstrap> [stream threads] [commit.interval.ms]");
      System.exit(2);
    }
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int commitMs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    new KafkaStreamsPeer(args[0], threads, commitMs).serve();
  }

  private void serve() throws Exception {
    emit(jvmFacts().put("event", "ready"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split("\\s+");
      try {
        if (w[0].equals("run") && w.length == 6) start(w[1], w[2], w[3], w[4], w[5]);
        else if (w[0].equals("close")) close();
        else if (!w[0].isEmpty()) throw new IllegalArgumentException("unknown command: " + line);
      } catch (Exception e) {
        ObjectNode o = JsonSerde.MAPPER.createObjectNode().put("event", "error").put("message", e.toString());
        emit(o);
      }
    }
    close();
  }

  private void start(String topology, String appId, String input, String output, String stateDir)
      throws InterruptedException, ExecutionException {
    if (running != null) throw new IllegalStateException("an application is running; close it first");
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // the sink topic is created here, inside the timed run, as the engine creates its own
    try (Admin admin = Admin.create(adminProps())) {
      admin.createTopics(List.of(new NewTopic(output, 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    }
    running = new KafkaStreams(Topologies.build(topology, input, output), p);
    running.setUncaughtExceptionHandler(
        e -> {
          emit(JsonSerde.MAPPER.createObjectNode().put("event", "error").put("message", e.toString()));
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
              .SHUTDOWN_CLIENT;
        });
    peakThreads = 0;
    running.start();
    peakThreads = ManagementFactory.getThreadMXBean().getThreadCount();
    emit(JsonSerde.MAPPER.createObjectNode().put("event", "started").put("application", appId));
  }

  private Properties adminProps() {
    Properties a = new Properties();
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return a;
  }

  private void close() {
    if (running == null) return;
    peakThreads = Math.max(peakThreads, ManagementFactory.getThreadMXBean().getPeakThreadCount());
    running.close(Duration.ofSeconds(30));
    running.cleanUp();
    running = null;
    emit(JsonSerde.MAPPER.createObjectNode().put("event", "closed").put("jvm_threads", peakThreads));
    ManagementFactory.getThreadMXBean().resetPeakThreadCount();
  }

  private ObjectNode jvmFacts() {
    Runtime rt = Runtime.getRuntime();
    ObjectNode o = JsonSerde.MAPPER.createObjectNode();
    o.put("java_version", System.getProperty("java.version"));
    o.put("heap_init_mb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20);
    o.put("heap_max_mb", rt.maxMemory() >> 20);
    o.put("processors", rt.availableProcessors());
    o.put("stream_threads", threads);
    o.put("commit_interval_ms", commitMs);
    StringBuilder gc = new StringBuilder();
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans())
      gc.append(gc.length() == 0 ? "" : ",").append(g.getName());
    o.put("gc", gc.toString());
    o.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return o;
  }

  private static synchronized void emit(ObjectNode o) {
    System.out.println(o.toString());
    System.out.flush();
  }
}
