package io.gfsbackup.deploy.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

import io.gfsbackup.clock.ClockDriver;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

/**
 * The demo's fast clock: every {@code step} of real time it moves the services' clock to the demo policy's next
 * slot, so that a week of twice-daily backups passes in well under a minute and the retention of weeks and months
 * can be watched as it happens.
 */
final class DemoClock implements AutoCloseable {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private static final Duration FIRST_SLOT_GRACE = Duration.ofSeconds(15);

    private final Thread thread;
    private volatile boolean running = true;

    private final Supplier<String> status;

    /** {@code status} describes the system after a step (printed just before the next one). */
    DemoClock(ClockDriver clock, BackupPolicy policy, Duration step, PrintStream out, Supplier<String> status) {
        this.status = status;
        this.thread = new Thread(() -> run(clock, policy, step, out), "demo-clock");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run(ClockDriver clock, BackupPolicy policy, Duration step, PrintStream out) {
        int advances = 0;
        while (running) {
            try {
                // the first slot runs on cold services (first connections, first table listing): give it more time,
                // so that the demo does not start with a slot missed for being slow
                Thread.sleep(advances == 1 ? Math.max(step.toMillis(), FIRST_SLOT_GRACE.toMillis()) : step.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Optional<Slot> next = HarmonizedSchedule.nextSlot(policy, clock.now());
            if (next.isEmpty()) {
                return;
            }
            out.println("             " + status.get());
            clock.set(next.get().at());
            advances++;
            out.println("[demo clock] " + DAY.format(next.get().at()) + "  slot " + next.get().flags());
        }
    }

    static Instant startOfDemo() {
        return Instant.parse("2026-01-04T12:00:00Z");
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
