package io.ssehub.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the JIT compiler has finished the work that some traffic gave it: {@value #SETTLED_STEPS} steps of
 * {@value #STEP_MILLIS} ms in a row in which it compiled for at most {@value #QUIET_COMPILE_MILLIS} ms each, read
 * from the JVM's {@link CompilationMXBean}. On two cores the compiler threads would otherwise take one core from the
 * event loops in a node's first seconds after it says it is up (with README's
 * {@code -XX:CompileThresholdScaling=0.02}, 10 to 16 s of compiling after a full node's warm-up traffic).
 */
final class JitSettle {

  /** How often the JIT's compilation time is read. */
  private static final long STEP_MILLIS = 200;
  /** A step in which the JIT compiled for at most this many milliseconds (5 %) is a quiet one. */
  private static final long QUIET_COMPILE_MILLIS = 10;
  /** The JIT counts as settled after this many quiet steps in a row. */
  private static final int SETTLED_STEPS = 2;

  /**
   * How the wait ended.
   *
   * @param settled whether the JIT went quiet, or the bound ended the wait
   * @param waitedMillis how long the wait took
   * @param compiledMillis how long the JIT compiled meanwhile
   */
  record Outcome(boolean settled, long waitedMillis, long compiledMillis) {
  }

  private JitSettle() {
  }

  /**
   * Completes once the JIT is quiet or {@code boundMillis} have gone by, checked at each step; with null at once
   * where the bound is 0 or the JVM does not report its compilation time.
   */
  static Future<Outcome> await(Vertx vertx, long boundMillis) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (boundMillis == 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return Future.succeededFuture();
    }
    Promise<Outcome> done = Promise.promise();
    long started = System.nanoTime();
    long compiledBefore = jit.getTotalCompilationTime();
    long[] last = {compiledBefore};
    int[] quietSteps = {0};
    vertx.setPeriodic(STEP_MILLIS, timer -> {
      long compiled = jit.getTotalCompilationTime();
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      quietSteps[0] = compiled - last[0] <= QUIET_COMPILE_MILLIS ? quietSteps[0] + 1 : 0;
      boolean settled = quietSteps[0] == SETTLED_STEPS;
      last[0] = compiled;
      if (settled || waited >= boundMillis) {
        vertx.cancelTimer(timer);
        done.complete(new Outcome(settled, waited, compiled - compiledBefore));
      }
    });
    return done.future();
  }
}
