package io.gfsbackup.operations.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.operations.notify.channel.Channels;
import io.gfsbackup.operations.notify.channel.ChannelSettings;
import io.gfsbackup.operations.notify.channel.DeliveryException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers the outbox on threads of its own, never on the Kafka consumer's. Each thread takes one due notification
 * at a time with {@code SELECT ... FOR UPDATE SKIP LOCKED}, so no two threads or replicas send the same row, delivers
 * it through the {@link Channel} of its rule's channel type while it holds the row, and records the outcome in the
 * same transaction: delivered; or, for a transient failure, the next attempt after an exponential backoff with
 * jitter, until the attempts run out; or, for a permanent one, given up at once. A crash after the receiver got it and
 * before the commit delivers it again, with the same idempotency key: at least once. Attempts are timed by the wall
 * clock, so retries take real time even on the demo's clock. The channel's settings are read from the rule at each
 * attempt, so a corrected URL or secret applies to the retries.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private static final String CLAIM = "SELECT o.id, o.payload, o.attempts, r.channel FROM notification_outbox o"
            + " LEFT JOIN notification_rule r ON r.id = o.rule_id"
            + " WHERE o.state = 'PENDING' AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at LIMIT 1"
            + " FOR UPDATE OF o SKIP LOCKED";

    @Inject
    DataSource dataSource;

    @Inject
    NotificationSettings settings;

    @Inject
    Channels channels;

    private final Clock wall = Clock.systemUTC();
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private Backoff backoff;
    private volatile boolean running;
    private volatile String lastComplaint;
    private boolean woken;

    void onStart(@Observes StartupEvent event) {
        if (settings.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        backoff = new Backoff(settings.delivery().initialBackoff(), settings.delivery().maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        running = true;
        for (int i = 0; i < settings.delivery().threads(); i++) {
            Thread thread = new Thread(this::run, "notification-dispatcher-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        LOG.infof("notification dispatcher started: %d thread(s)", threads.size());
    }

    public synchronized void stop() {
        running = false;
        wake();
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    /** Looks for due notifications now (the decider calls it when it has added some). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean delivered;
            try {
                delivered = deliverOne();
                lastComplaint = null;
            } catch (RuntimeException | SQLException e) {
                complain(e);
                delivered = false;
            }
            if (!delivered) {
                idle();
            }
        }
    }

    private void idle() {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(Math.max(1, settings.delivery().pollInterval().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Takes one due notification and makes one attempt; false when none was due. */
    boolean deliverOne() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean found = attempt(connection);
                connection.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean attempt(Connection connection) throws SQLException {
        UUID id;
        Notification notification;
        int attempts;
        String channelJson;
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setTimestamp(1, Timestamp.from(wall.instant()));
            try (ResultSet rows = claim.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                id = (UUID) rows.getObject("id");
                notification = Outbox.read(rows.getString("payload"));
                attempts = rows.getInt("attempts") + 1;
                channelJson = rows.getString("channel");
            }
        }
        if (channelJson == null) {
            finish(connection, id, DeliveryState.CANCELLED, attempts - 1, "the rule was deleted");
            return true;
        }
        ChannelSettings target = RuleJson.storedChannel(channelJson);
        Instant started = wall.instant();
        try {
            channels.deliver(notification, target);
        } catch (DeliveryException e) {
            failed(connection, id, attempts, Secrets.redact(e.getMessage(), target), e.transientFailure(), notification);
            return true;
        } catch (RuntimeException e) {
            failed(connection, id, attempts, Secrets.redact(String.valueOf(e), target), true, notification);
            return true;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE notification_outbox SET"
                + " state = 'DELIVERED', attempts = ?, last_attempt_at = ?, delivered_at = ? WHERE id = ?")) {
            Instant now = wall.instant();
            update.setInt(1, attempts);
            update.setTimestamp(2, Timestamp.from(started));
            update.setTimestamp(3, Timestamp.from(now));
            update.setObject(4, id);
            update.executeUpdate();
        }
        LOG.debugf("notification %s (%s of policy %s) delivered by %s at attempt %d", id, notification.event(),
                notification.policyId(), target.type(), attempts);
        return true;
    }

    private void failed(Connection connection, UUID id, int attempts, String error, boolean transientFailure,
                        Notification notification) throws SQLException {
        if (!transientFailure || attempts >= settings.delivery().maxAttempts()) {
            String why = transientFailure ? "gave up after " + attempts + " attempts: " : "permanent failure: ";
            LOG.warnf("notification %s (%s of policy %s) not delivered, %s%s", id, notification.event(),
                    notification.policyId(), why, error);
            finish(connection, id, DeliveryState.FAILED, attempts, why + error);
            return;
        }
        Duration wait = backoff.after(attempts);
        try (PreparedStatement update = connection.prepareStatement("UPDATE notification_outbox SET attempts = ?,"
                + " last_attempt_at = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
            Instant now = wall.instant();
            update.setInt(1, attempts);
            update.setTimestamp(2, Timestamp.from(now));
            update.setTimestamp(3, Timestamp.from(now.plus(wait)));
            update.setString(4, truncate(error));
            update.setObject(5, id);
            update.executeUpdate();
        }
        LOG.debugf("notification %s not delivered at attempt %d (%s); next attempt in %s", id, attempts, error, wait);
    }

    private void finish(Connection connection, UUID id, DeliveryState state, int attempts, String error)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE notification_outbox SET state = ?,"
                + " attempts = ?, last_attempt_at = ?, last_error = ? WHERE id = ?")) {
            update.setString(1, state.name());
            update.setInt(2, attempts);
            update.setTimestamp(3, Timestamp.from(wall.instant()));
            update.setString(4, truncate(error));
            update.setObject(5, id);
            update.executeUpdate();
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    /** Logs a failure of the loop, with its stack trace when it is not the same as the last one. */
    private void complain(Exception e) {
        String text = String.valueOf(e);
        if (text.equals(lastComplaint)) {
            LOG.debugf("the notification dispatcher still could not work on the outbox: %s", text);
        } else {
            lastComplaint = text;
            LOG.warnf(e, "the notification dispatcher could not work on the outbox (it tries again): %s", text);
        }
    }
}
