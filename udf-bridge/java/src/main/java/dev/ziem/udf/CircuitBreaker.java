/*
 * A consecutive-failure circuit breaker: after `threshold` failures in a row the circuit opens and
 * callers skip the model server for `cooldownMs`; then one trial call is let through (half-open) and
 * its outcome closes or re-opens the circuit. The clock is injected so tests control time.
 */
package dev.ziem.udf;

import java.util.function.LongSupplier;

final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long cooldownMs;
  private final LongSupplier clockMs;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean trialInFlight;

  CircuitBreaker(int threshold, long cooldownMs, LongSupplier clockMs) {
    this.threshold = threshold;
    this.cooldownMs = cooldownMs;
    this.clockMs = clockMs;
  }

  /** Whether a call may go out now; in half-open only one trial call at a time. */
  synchronized boolean allow() {
    if (state == State.OPEN && clockMs.getAsLong() - openedAt >= cooldownMs) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.HALF_OPEN && !trialInFlight) {
      trialInFlight = true;
      return true;
    }
    return false;
  }

  synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  /** Returns true when this failure opened the circuit (so the caller can log it once). */
  synchronized boolean onFailure() {
    failures++;
    trialInFlight = false;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      state = State.OPEN;
      openedAt = clockMs.getAsLong();
      return true;
    }
    return false;
  }

  synchronized State state() {
    return state;
  }
}
