/*
 * A remote UDF's settings, read from ksqlDB's per-function properties
 * (ksql.functions.<name>.url, .model, .timeout.ms, .token, .breaker.failures,
 * .breaker.cooldown.ms, .pool.size; <name> is anomaly_score or attack_class). Invalid values fail configuration with a message naming the key;
 * the token is never part of toString().
 */
package dev.ziem.udf;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

final class UdfSettings {
  static final String PREFIX = "ksql.functions.anomaly_score.";

  private final String prefix;
  final URI baseUri;
  final String model;
  final int timeoutMs;
  final String token;
  final int breakerFailures;
  final long breakerCooldownMs;
  final int poolSize;

  private UdfSettings(Map<String, ?> props, String prefix, String defaultModel) {
    this.prefix = prefix;
    String url = text(props, "url", "http://127.0.0.1:8501");
    this.baseUri = parseUrl(url);
    this.model = text(props, "model", defaultModel);
    if (!model.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new ConfigException(prefix + "model", model, "expected a model name (letters, digits, '.', '_', '-')");
    }
    this.timeoutMs = (int) number(props, "timeout.ms", 200, 1, 600_000);
    this.token = text(props, "token", "");
    this.breakerFailures = (int) number(props, "breaker.failures", 5, 1, 1_000_000);
    this.breakerCooldownMs = number(props, "breaker.cooldown.ms", 10_000, 0, 86_400_000);
    this.poolSize = (int) number(props, "pool.size", 4, 1, 256);
  }

  /** ANOMALY_SCORE's settings (ksql.functions.anomaly_score.*, model "anomaly"). */
  static UdfSettings from(Map<String, ?> props) {
    return new UdfSettings(props, PREFIX, "anomaly");
  }

  /** Another function's settings: ksql.functions.<name>.*, with its own default model. */
  static UdfSettings forFunction(Map<String, ?> props, String name, String defaultModel) {
    return new UdfSettings(props, "ksql.functions." + name + ".", defaultModel);
  }

  private URI parseUrl(String url) {
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + "url", url, "expected an http(s) URL like http://127.0.0.1:8501");
    }
  }

  private String text(Map<String, ?> props, String key, String fallback) {
    Object v = props.get(prefix + key);
    return v == null ? fallback : String.valueOf(v).trim();
  }

  private long number(Map<String, ?> props, String key, long fallback, long min, long max) {
    Object v = props.get(prefix + key);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = v instanceof Number ? ((Number) v).longValue() : Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(prefix + key, v, "expected a whole number");
    }
    if (n < min || n > max) {
      throw new ConfigException(prefix + key, v, "expected a value from " + min + " to " + max);
    }
    return n;
  }

  URI predictUri() {
    return verbUri("predict");
  }

  /** TF Serving's endpoint of the model for a verb: predict, classify. */
  URI verbUri(String verb) {
    return URI.create(baseUri + "/v1/models/" + model + ":" + verb);
  }

  @Override
  public String toString() {
    return "url=" + baseUri + " model=" + model + " timeout.ms=" + timeoutMs + " token=" + (token.isEmpty() ? "(none)" : "********")
        + " breaker.failures=" + breakerFailures + " breaker.cooldown.ms=" + breakerCooldownMs + " pool.size=" + poolSize;
  }
}
