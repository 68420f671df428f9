package io.gfsbackup.benchmarks;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One day's slots of 100,000 varied policies, as a scheduler computes them: the UTC day of 2026-03-29, on which
 * Europe/Berlin springs forward, so DST handling is part of the measure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SlotsBenchmark {

    private static final int POLICIES = 100_000;

    private final Instant dayStart = Instant.parse("2026-03-29T00:00:00Z");
    private final Instant dayEnd = Instant.parse("2026-03-30T00:00:00Z");
    private List<BackupPolicy> policies;

    @Setup
    public void createPolicies() {
        policies = BenchmarkPolicies.many(POLICIES);
    }

    /** Returns the number of slots, so the work cannot be optimised away. */
    @Benchmark
    public long oneDayOfSlotsFor100kPolicies() {
        long slots = 0;
        for (BackupPolicy policy : policies) {
            slots += HarmonizedSchedule.slots(policy, dayStart, dayEnd).size();
        }
        return slots;
    }
}
