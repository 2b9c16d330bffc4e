/*
 * Test harness: trains a small model with the real `ziem model train` (the built dist/ of the repo)
 * on the committed fixture, then runs `ziem model serve` on a free loopback port. Tests can pause
 * the process (SIGSTOP) to make it miss deadlines, and stop it.
 */
package dev.ziem.udf;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

final class ModelServerProcess {
  static final String TOKEN = "udf-test-token-7f3a";

  final Path work;
  final Path models;
  final int port;
  private final Path root;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private ModelServerProcess(Path root, Path work, int port, Process process) {
    this.root = root;
    this.work = work;
    this.models = work.resolve("models");
    this.port = port;
    this.process = process;
  }

  static Path repoRoot() {
    Path root = Path.of(System.getProperty("ziem.root", "../..")).toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("dist/cli/bin.js"))) {
      throw new IllegalStateException("no " + root.resolve("dist/cli/bin.js") + ": run `npm run build` in " + root + " first");
    }
    return root;
  }

  private static ProcessBuilder ziem(Path root, Path work, String... args) {
    List<String> cmd = new ArrayList<>(List.of(System.getenv().getOrDefault("ZIEM_NODE", "node"), root.resolve("dist/cli/bin.js").toString()));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ZIEM_"));
    return pb;
  }

  /** Trains models/anomaly and models/attack-class from the fixtures, then starts the server with a bearer token. */
  static ModelServerProcess start() throws Exception {
    Path root = repoRoot();
    Path work = Files.createTempDirectory("ziem-udf-test");
    Path fixture = root.resolve("tests/fixtures/model/benign-train.jsonl");
    Process train = ziem(root, work, "model", "train", "--input", fixture.toString(), "--out", "models/anomaly", "--seed", "7", "--epochs", "15")
        .redirectErrorStream(true).redirectOutput(work.resolve("train.log").toFile()).start();
    if (!train.waitFor(120, TimeUnit.SECONDS) || train.exitValue() != 0) {
      throw new IllegalStateException("ziem model train failed: " + Files.readString(work.resolve("train.log")));
    }
    Path labelled = root.resolve("tests/fixtures/model/attack-windows.jsonl");
    Process classifier = ziem(root, work, "model", "train", "--supervised", "--input", labelled.toString(), "--out", "models/attack-class",
        // two members: this tests the UDF's contract, not the classifier's quality (ten by default)
        "--seed", "7", "--epochs", "60", "--members", "2")
        .redirectErrorStream(true).redirectOutput(work.resolve("train-classifier.log").toFile()).start();
    if (!classifier.waitFor(240, TimeUnit.SECONDS) || classifier.exitValue() != 0) {
      classifier.destroyForcibly().waitFor();
      throw new IllegalStateException("ziem model train --supervised failed: " + Files.readString(work.resolve("train-classifier.log")));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = ziem(root, work, "model", "serve", "--models", "models", "--port", String.valueOf(port));
    pb.environment().put("ZIEM_MODEL_TOKEN", TOKEN);
    pb.environment().put("ZIEM_MODEL_SERVER_POLL_INTERVAL_MS", "200");
    Process p = pb.redirectErrorStream(true).redirectOutput(work.resolve("serve.log").toFile()).start();
    ModelServerProcess server = new ModelServerProcess(root, work, port, p);
    server.awaitHealthy();
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("model server exited: " + Files.readString(work.resolve("serve.log")));
      }
      try {
        if (get("/healthz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("model server not healthy within 60 s: " + Files.readString(work.resolve("serve.log")));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + TOKEN).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The server's own answer for one vector, to compare the UDF against. */
  double predictDirect(String model, List<Double> features) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/v1/models/" + model + ":predict")).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(PredictCodec.encode(features))).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("predict " + model + ": HTTP " + res.statusCode() + " " + res.body());
    }
    return PredictCodec.decodeFirst(res.body());
  }

  /** The server's own top class for one vector, to compare ATTACK_CLASS against. */
  ClassifyCodec.TopClass classifyDirect(String model, List<Double> features) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/v1/models/" + model + ":classify")).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(ClassifyCodec.encode(features))).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("classify " + model + ": HTTP " + res.statusCode() + " " + res.body());
    }
    return ClassifyCodec.decodeTop(res.body());
  }

  /** The value of one Prometheus sample line, e.g. ziem_model_server_requests_total{route="predict",code="404"}. */
  long metric(String series) throws IOException, InterruptedException {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  void signal(String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new IllegalStateException("kill -" + sig + " failed");
    }
  }

  void copyModel(String from, String to) throws IOException {
    Path src = models.resolve(from);
    Path staging = work.resolve("staging-" + to);
    Files.createDirectories(staging);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, staging.resolve(f.getFileName()));
      }
    }
    // one rename, so the server never sees a half-copied model
    Files.move(staging, models.resolve(to));
  }

  void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      signal("CONT");
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    deleteTree(work.toFile());
  }

  private static void deleteTree(File f) {
    File[] kids = f.listFiles();
    if (kids != null) {
      for (File k : kids) {
        deleteTree(k);
      }
    }
    f.delete();
  }

  Path root() {
    return root;
  }
}
