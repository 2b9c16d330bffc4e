/*
 * The TensorFlow Serving classify wire format for one vector: writes {"examples": [{"features":
 * [...]}]} and reads the top [label, score] pair of the first example's "result". Hand-written, as
 * PredictCodec, so the jar brings no JSON library into ksqlDB's class path.
 */
package dev.ziem.udf;

import java.util.List;

final class ClassifyCodec {
  private ClassifyCodec() {}

  /** The top class of one example. */
  static final class TopClass {
    final String label;
    final double probability;

    TopClass(String label, double probability) {
      this.label = label;
      this.probability = probability;
    }
  }

  /** The request body, or null when a value cannot be carried (null, NaN, infinite). */
  static String encode(List<Double> features) {
    String instances = PredictCodec.encode(features);
    if (instances == null) {
      return null;
    }
    // PredictCodec writes {"instances":[[v,…]]}: the same numbers, one example holding them all
    String values = instances.substring("{\"instances\":[[".length(), instances.length() - "]]}".length());
    return "{\"examples\":[{\"features\":[" + values + "]}]}";
  }

  /** The first [label, score] of `result` (the server ranks them, most probable first), or null. */
  static TopClass decodeTop(String body) {
    int key = body.indexOf("\"result\"");
    if (key < 0) {
      return null;
    }
    int q = body.indexOf('"', key + "\"result\"".length());
    if (q < 0) {
      return null;
    }
    StringBuilder label = new StringBuilder();
    int i = q + 1;
    for (; i < body.length() && body.charAt(i) != '"'; i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        if (++i >= body.length()) {
          return null;
        }
        c = body.charAt(i);
        if (c == 'u' && i + 4 < body.length()) {
          c = (char) Integer.parseInt(body.substring(i + 1, i + 5), 16);
          i += 4;
        } else if (c == 'n') {
          c = '\n';
        } else if (c == 't') {
          c = '\t';
        }
      }
      label.append(c);
    }
    int comma = body.indexOf(',', i);
    if (i >= body.length() || comma < 0) {
      return null;
    }
    int start = comma + 1;
    while (start < body.length() && Character.isWhitespace(body.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < body.length() && "+-.eE0123456789".indexOf(body.charAt(end)) >= 0) {
      end++;
    }
    try {
      double d = Double.parseDouble(body.substring(start, end));
      return Double.isFinite(d) ? new TopClass(label.toString(), d) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
