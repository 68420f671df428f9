package io.gfsbackup.benchmarks;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * Ten years of a policy with 24 daily times plus weekly, monthly and yearly tiers in Europe/Berlin: about 87,600
 * restore points through the harmonized schedule and the retention chain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulationBenchmark {

    private final BackupPolicy policy = BenchmarkPolicies.hourlyGfs(ZoneId.of("Europe/Berlin"));
    private final Instant from = Instant.parse("2026-01-01T00:00:00Z");
    private final Instant to = Instant.parse("2036-01-01T00:00:00Z");

    @Benchmark
    public SimulationResult simulateTenYearsOfHourlyGfs() {
        return Simulation.run(policy, from, to);
    }
}
