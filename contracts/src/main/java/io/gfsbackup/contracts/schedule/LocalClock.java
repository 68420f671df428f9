package io.gfsbackup.contracts.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Resolves local date-times of one zone to instants exactly as {@link ZonedDateTime#of(LocalDateTime, ZoneId)}
 * does (section 3: a time in a gap moves later by the gap, a time in an overlap takes the earlier offset), with a
 * fast path for the days, nearly all of them, on which the zone's offset does not change.
 */
final class LocalClock {

    private static final long DAY = 86_400;
    /** Offsets lie within ±18 h, so every local time of a day maps into this margin around it. */
    private static final long MARGIN = 18 * 3_600;

    private final ZoneId zone;
    private final ZoneRules rules;

    LocalClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** The resolver for the local times of {@code date}. */
    Day day(LocalDate date) {
        long localMidnight = date.toEpochDay() * DAY;
        if (rules.isFixedOffset()) {
            return new Day(date, localMidnight, rules.getOffset(Instant.EPOCH).getTotalSeconds());
        }
        Instant windowStart = Instant.ofEpochSecond(localMidnight - MARGIN);
        ZoneOffsetTransition next = rules.nextTransition(windowStart);
        if (next == null || next.toEpochSecond() > localMidnight + DAY + MARGIN) {
            return new Day(date, localMidnight, rules.getOffset(windowStart).getTotalSeconds());
        }
        return new Day(date, localMidnight, null);
    }

    /** One local date of the zone. */
    final class Day {

        private final LocalDate date;
        private final long localMidnight;
        private final Integer constantOffset;

        private Day(LocalDate date, long localMidnight, Integer constantOffset) {
            this.date = date;
            this.localMidnight = localMidnight;
            this.constantOffset = constantOffset;
        }

        /** The instant, in epoch seconds, of this day's local time {@code secondOfDay}. */
        long epochSecond(int secondOfDay) {
            if (constantOffset != null) {
                return localMidnight + secondOfDay - constantOffset;
            }
            return ZonedDateTime.of(LocalDateTime.of(date, LocalTime.ofSecondOfDay(secondOfDay)), zone).toEpochSecond();
        }
    }
}
