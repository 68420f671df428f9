package io.gfsbackup.operations.protection;

import java.time.Duration;

/** Durations for a person: days and hours, hours and minutes, minutes and seconds, or seconds. */
final class Durations {

    private Durations() {
    }

    static String describe(Duration duration) {
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
