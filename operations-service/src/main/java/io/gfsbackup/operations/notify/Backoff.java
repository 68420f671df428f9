package io.gfsbackup.operations.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next attempt of a delivery that failed transiently: exponential (the initial wait doubled for
 * each failure before) up to a cap, with "equal jitter" (between half and all of it, at random) so that the
 * notifications of one receiver that was away do not all come back at the same instant.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the initial backoff must be positive and at most the maximum ("
                    + initial + ", " + max + ")");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after the {@code failures}-th failed attempt (1 for the first). */
    public Duration after(int failures) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < failures && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        return Duration.ofMillis(base / 2 + Math.round(base / 2.0 * random.getAsDouble()));
    }
}
