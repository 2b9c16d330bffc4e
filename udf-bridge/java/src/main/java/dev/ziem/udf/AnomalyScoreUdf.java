/*
 * ANOMALY_SCORE(features ARRAY<DOUBLE>) RETURNS DOUBLE for ksqlDB: the reconstruction-error score of
 * one HOST_ACTIVITY feature vector from the ziem model server, or null when the server cannot answer
 * in time. Never throws into a query: every failure is a null, and a circuit breaker stops calling a
 * server that keeps failing until its cool-down has passed.
 */
package dev.ziem.udf;

import io.confluent.ksql.function.udf.Udf;
import io.confluent.ksql.function.udf.UdfDescription;
import io.confluent.ksql.function.udf.UdfParameter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Configurable;

@UdfDescription(
    name = "anomaly_score",
    description = "Anomaly score (autoencoder reconstruction error) of a feature vector from the ziem model server;"
        + " null when the server cannot answer in time. Properties: ksql.functions.anomaly_score.url, .model,"
        + " .timeout.ms (default 200), .token.",
    author = "ziem",
    version = "0.1.0")
public class AnomalyScoreUdf implements Configurable {
  private static final Logger LOG = System.getLogger(AnomalyScoreUdf.class.getName());

  /** Settings, client and breaker swap together, so a call never mixes two configurations. */
  private static final class Wiring {
    final UdfSettings settings;
    final ModelServerClient client;
    final CircuitBreaker breaker;

    Wiring(UdfSettings s) {
      this.settings = s;
      this.client = new ModelServerClient(s);
      this.breaker = new CircuitBreaker(s.breakerFailures, s.breakerCooldownMs, System::currentTimeMillis);
    }
  }

  private volatile Wiring wiring;

  @Override
  public void configure(final Map<String, ?> props) {
    UdfSettings s = UdfSettings.from(props);
    LOG.log(Level.DEBUG, "anomaly_score configured: {0}", s);
    this.wiring = new Wiring(s);
  }

  /** ksqlDB always calls configure first; the defaults cover a caller that does not. */
  private Wiring wiring() {
    Wiring w = wiring;
    if (w == null) {
      synchronized (this) {
        if (wiring == null) {
          wiring = new Wiring(UdfSettings.from(Collections.emptyMap()));
        }
        w = wiring;
      }
    }
    return w;
  }

  @Udf(description = "Score one feature vector; null on missing input or when the model server does not answer.")
  public Double anomalyScore(
      @UdfParameter(value = "features", description = "the feature vector, e.g. HOST_ACTIVITY's FEATURES")
      final List<Double> features) {
    try {
      if (features == null || features.isEmpty()) {
        return null;
      }
      Wiring w = wiring();
      String body = PredictCodec.encode(features);
      if (body == null || !w.breaker.allow()) {
        return null;
      }
      ModelServerClient.Outcome out = w.client.predict(body);
      if (out.score != null) {
        w.breaker.onSuccess();
      } else if (out.failure && w.breaker.onFailure()) {
        LOG.log(Level.WARNING, "anomaly_score: model server {0} failing ({1}); returning null for {2} ms",
            w.settings.baseUri, out.problem, w.settings.breakerCooldownMs);
      }
      return out.score;
    } catch (RuntimeException e) {
      // a query must never die because scoring failed
      LOG.log(Level.WARNING, "anomaly_score: unexpected " + e.getClass().getSimpleName());
      return null;
    }
  }

  /** For tests and diagnostics: the breaker's current state. */
  String breakerState() {
    return wiring().breaker.state().name();
  }
}
