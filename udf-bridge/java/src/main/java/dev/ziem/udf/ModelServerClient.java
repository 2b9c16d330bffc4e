/*
 * One HTTP call to the model server (predict, or classify for a classifier) with connect and
 * response timeouts. The JDK client
 * keeps idle keep-alive connections; a semaphore caps requests in flight (and so open connections)
 * at pool.size. Outcomes are returned, never thrown: the UDF maps them to a score or null.
 */
package dev.ziem.udf;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

final class ModelServerClient {
  /** The result of one call: a score, or why there is none and whether it counts as a failure. */
  static final class Outcome {
    final Double score;
    final boolean failure;
    final String problem;

    private Outcome(Double score, boolean failure, String problem) {
      this.score = score;
      this.failure = failure;
      this.problem = problem;
    }

    static Outcome ok(double score) {
      return new Outcome(score, false, null);
    }

    static Outcome failed(String problem) {
      return new Outcome(null, true, problem);
    }

    /** No score, but the server is not to blame (local overload, interrupted thread). */
    static Outcome skipped(String problem) {
      return new Outcome(null, false, problem);
    }
  }

  private final UdfSettings settings;
  private final HttpClient http;
  private final Semaphore inFlight;

  ModelServerClient(UdfSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(settings.timeoutMs))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.inFlight = new Semaphore(settings.poolSize);
  }

  Outcome predict(String body) {
    Answer a = post(settings.predictUri(), body);
    if (a.body == null) {
      return a.outcome;
    }
    Double score = PredictCodec.decodeFirst(a.body);
    return score == null ? Outcome.failed("no prediction in the response") : Outcome.ok(score);
  }

  /** A 200 answer's body, or (body null) the outcome that explains why there is none. */
  static final class Answer {
    final String body;
    final Outcome outcome;

    private Answer(String body, Outcome outcome) {
      this.body = body;
      this.outcome = outcome;
    }
  }

  /** Posts `body` to one of the model's endpoints; never throws. */
  Answer post(java.net.URI uri, String body) {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMillis(settings.timeoutMs))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!settings.token.isEmpty()) {
      req.header("Authorization", "Bearer " + settings.token);
    }
    try {
      if (!inFlight.tryAcquire(settings.timeoutMs, TimeUnit.MILLISECONDS)) {
        return new Answer(null, Outcome.skipped("all " + settings.poolSize + " connections busy"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, Outcome.skipped("interrupted"));
    }
    try {
      HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        return new Answer(null, Outcome.failed("HTTP " + res.statusCode()));
      }
      return new Answer(res.body(), null);
    } catch (IOException e) {
      return new Answer(null, Outcome.failed(e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, Outcome.skipped("interrupted"));
    } finally {
      inFlight.release();
    }
  }
}
