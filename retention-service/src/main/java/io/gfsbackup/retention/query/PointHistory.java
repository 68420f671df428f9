package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.List;

/**
 * Everything that happened to one restore point, in order, and the same as one sentence, e.g.
 * "created with D, W at 2026-01-05T07:00:00Z; D unassigned at 2026-01-08T07:00:00Z because P3D elapsed; ...".
 */
public record PointHistory(Instant slot, String backupArn, PointView point, List<EventView> events, String summary) {
}
