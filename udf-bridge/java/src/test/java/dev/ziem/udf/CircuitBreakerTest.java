/* The breaker's state machine with a hand-driven clock. */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  final AtomicLong now = new AtomicLong(1_000);
  final CircuitBreaker b = new CircuitBreaker(3, 500, now::get);

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    assertTrue(b.allow());
    assertTrue(b.onFailure(), "third failure in a row opens");
    assertEquals(CircuitBreaker.State.OPEN, b.state());
    assertFalse(b.allow());
  }

  @Test
  void halfOpenLetsOneTrialThroughAfterTheCooldown() {
    for (int i = 0; i < 3; i++) {
      b.onFailure();
    }
    now.addAndGet(499);
    assertFalse(b.allow());
    now.addAndGet(1);
    assertTrue(b.allow(), "trial call");
    assertFalse(b.allow(), "only one trial at a time");
    b.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, b.state());
    assertTrue(b.allow());
  }

  @Test
  void failedTrialReopensForAnotherCooldown() {
    for (int i = 0; i < 3; i++) {
      b.onFailure();
    }
    now.addAndGet(500);
    assertTrue(b.allow());
    assertTrue(b.onFailure());
    assertFalse(b.allow());
    now.addAndGet(500);
    assertTrue(b.allow());
  }
}
