package io.gfsbackup.contracts;

import java.time.Duration;

/** Durations for a person: days and hours, hours and minutes, minutes and seconds, or seconds. */
public final class Durations {

    private Durations() {
    }

    /** {@code 3 d 4 h}, {@code 2 h 5 min}, {@code 1 min 30 s} or {@code 42 s}; a negative duration is 0 s. */
    public static String describe(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        if (seconds >= 60) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds + " s";
    }
}
