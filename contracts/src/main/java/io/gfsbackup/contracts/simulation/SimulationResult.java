package io.gfsbackup.contracts.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gfsbackup.contracts.policy.Tier;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of a simulation (section 7): every restore point whose slot is in {@code [from, to)}, by slot,
 * and a summary; given a table size, also what the policy keeps and costs ({@code null} otherwise, and then not
 * written).
 */
public record SimulationResult(List<SimulatedPoint> restorePoints, Summary summary,
                               @JsonInclude(JsonInclude.Include.NON_NULL) StorageEstimate storage) {

    public SimulationResult {
        restorePoints = List.copyOf(restorePoints);
    }

    /** A result without a storage estimate. */
    public SimulationResult(List<SimulatedPoint> restorePoints, Summary summary) {
        this(restorePoints, summary, null);
    }

    /**
     * Counts over the simulated range.
     *
     * @param restorePoints the points created
     * @param expired       the points expired before the end
     * @param aliveAtEnd    the points still kept at the end
     * @param peakAlive     the most points kept at any one instant
     * @param pointsByFlag  how many points got each flag at creation
     */
    public record Summary(int restorePoints, int expired, int aliveAtEnd, int peakAlive,
                          Map<Tier, Integer> pointsByFlag) {

        public Summary {
            EnumMap<Tier, Integer> copy = new EnumMap<>(Tier.class);
            copy.putAll(pointsByFlag);
            pointsByFlag = Collections.unmodifiableMap(copy);
        }
    }
}
