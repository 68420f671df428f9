package io.gfsbackup.contracts;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Random cases for property tests, each made from a seed of its own, so that a failing case can be made again alone.
 *
 * <p>The cases of one run have the seeds {@code base, base + 1, ...}. The base seed is random unless the system
 * property {@value #SEED} sets it; {@value #TRIES} overrides how many cases a test makes. A test names its cases
 * by their seed (use {@link #NAME} as the parameterized test's name), and {@link SeedReporter} puts the seed and the
 * command that makes the case again at the start of a failure's message, for example
 * {@code case seed=-4377128893 failed (again alone: -Dgfs.property.seed=-4377128893 -Dgfs.property.tries=1)}.
 */
public final class SeededCases {

    public static final String SEED = "gfs.property.seed";
    public static final String TRIES = "gfs.property.tries";
    /** The display name of a case: its seed. */
    public static final String NAME = "seed={0}";

    private static final long BASE = Long.getLong(SEED, new Random().nextLong());

    private SeededCases() {
    }

    /** {@code tries} cases (or {@value #TRIES} of them), each as arguments (seed, case). */
    public static <T> Stream<Arguments> of(int tries, Function<Random, T> make) {
        int count = Integer.getInteger(TRIES, tries);
        return LongStream.range(0, count).map(i -> BASE + i)
                .mapToObj(seed -> Arguments.of(seed, make.apply(new Random(seed))));
    }

    /** Names the seed of a failed case in its failure, where build reports (which omit display names) show it. */
    public static final class SeedReporter implements TestExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String name = context.getDisplayName();
            if (!name.startsWith("seed=")) {
                throw failure;
            }
            String seed = name.substring("seed=".length());
            AssertionError named = new AssertionError("case " + name + " failed (again alone: -D" + SEED + "=" + seed
                    + " -D" + TRIES + "=1): " + failure.getMessage(), failure);
            named.setStackTrace(failure.getStackTrace());
            throw named;
        }
    }
}
