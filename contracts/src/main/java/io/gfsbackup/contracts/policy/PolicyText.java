package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How policy values are written in JSON and in messages: {@code 07:00}, {@code MON}, {@code JAN}. */
final class PolicyText {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final Pattern TIME_PATTERN = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    static final String ALL_DAYS = Arrays.stream(DayOfWeek.values()).map(PolicyText::day)
            .collect(Collectors.joining(", "));
    static final String ALL_MONTHS = Arrays.stream(Month.values()).map(PolicyText::month)
            .collect(Collectors.joining(", "));
    static final String ALL_WEEKS = Arrays.stream(WeekOfMonth.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private PolicyText() {
    }

    static String day(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    static String month(Month month) {
        return month.name().substring(0, 3);
    }

    /** {@code HH:mm}, with seconds only when the time has them (which validation rejects). */
    static String time(LocalTime time) {
        return time.getSecond() == 0 && time.getNano() == 0 ? TIME.format(time) : time.toString();
    }

    static Optional<DayOfWeek> parseDay(String text) {
        return Arrays.stream(DayOfWeek.values()).filter(d -> day(d).equals(text)).findFirst();
    }

    static Optional<Month> parseMonth(String text) {
        return Arrays.stream(Month.values()).filter(m -> month(m).equals(text)).findFirst();
    }

    static Optional<LocalTime> parseTime(String text) {
        return TIME_PATTERN.matcher(text).matches() ? Optional.of(LocalTime.parse(text, TIME)) : Optional.empty();
    }

    static String times(Collection<LocalTime> times) {
        return times.stream().sorted().map(PolicyText::time).collect(Collectors.joining(", ", "[", "]"));
    }

    static String days(Collection<DayOfWeek> days) {
        return days.stream().sorted().map(PolicyText::day).collect(Collectors.joining(", ", "[", "]"));
    }

    static String months(Collection<Month> months) {
        return months.stream().sorted().map(PolicyText::month).collect(Collectors.joining(", ", "[", "]"));
    }
}
