package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Immutable enum sets for the policy records: iteration in declaration order, value-based equality. */
final class Collections2 {

    private static final Set<DayOfWeek> ALL_DAYS = Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class));
    private static final Set<Month> ALL_MONTHS = Collections.unmodifiableSet(EnumSet.allOf(Month.class));

    private Collections2() {
    }

    static Set<DayOfWeek> allDays() {
        return ALL_DAYS;
    }

    static Set<Month> allMonths() {
        return ALL_MONTHS;
    }

    static <E extends Enum<E>> Set<E> enumSet(Collection<E> values, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(values);
        return Collections.unmodifiableSet(copy);
    }
}
