package io.gfsbackup.contracts.policy;

import java.time.LocalDate;

/**
 * Which occurrence of a weekday in its month a monthly or yearly schedule means (section 1): the first falls
 * on day-of-month 1-7, the second on 8-14, the third on 15-21, the fourth on 22-28, and {@code LAST} is the
 * last such weekday of the month (which may also be the fourth).
 */
public enum WeekOfMonth {
    FIRST, SECOND, THIRD, FOURTH, LAST;

    /** Whether {@code date} is this occurrence of its own weekday within its month. */
    public boolean matches(LocalDate date) {
        int dayOfMonth = date.getDayOfMonth();
        if (this == LAST) {
            return dayOfMonth + 7 > date.lengthOfMonth();
        }
        return (dayOfMonth - 1) / 7 == ordinal();
    }
}
