package io.gfsbackup.messaging;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Predicate;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which failures pass by themselves. A <em>transient</em> failure (a broker, database or AWS that cannot be reached,
 * throttling, a timeout, a lost race) is retried with backoff for as long as it lasts and never dead-lettered.
 * Anything else is taken to be about the message itself (unparseable, invalid, refused by the rules): it is tried a
 * bounded number of times and then dead-lettered.
 *
 * <p>The standard rules know the JDK's, JDBC's and Kafka's transient errors, anywhere in the cause chain: network
 * errors ({@link SocketException}, {@link UnknownHostException}, {@link InterruptedIOException} and so socket
 * timeouts; not every {@link java.io.IOException}, since a JSON parser's errors are I/O exceptions too),
 * {@link java.util.concurrent.TimeoutException}, {@link SQLTransientException},
 * {@link SQLRecoverableException}, an {@link SQLException} whose SQL state is a connection error ({@code 08}), a
 * transaction rolled back by the database ({@code 40}: serialization failure, deadlock), too few resources
 * ({@code 53}), an operator's intervention ({@code 57}) or a lock not available ({@code 55P03}), or that has no SQL
 * state at all (a pool or driver that could not get a connection), and Kafka's {@link RetriableException}s.
 * Kafka's {@link AuthenticationException} and {@link AuthorizationException} (a wrong credential, a missing ACL) are
 * transient too: an operator fixes them, and the message is not at fault, so it waits instead of being
 * dead-lettered. A service adds what only it knows (AWS's throttling and server errors, Axon's concurrency conflict) with
 * {@link #orTransientWhen}.
 */
public final class Failures {

    private static final Failures STANDARD = new Failures(Failures::standardTransient);

    private final Predicate<Throwable> transientError;

    private Failures(Predicate<Throwable> transientError) {
        this.transientError = transientError;
    }

    /** The rules every service shares. */
    public static Failures standard() {
        return STANDARD;
    }

    /** These rules, plus: an error for which {@code test} holds, anywhere in the cause chain, is transient. */
    public Failures orTransientWhen(Predicate<Throwable> test) {
        return new Failures(transientError.or(test));
    }

    /** Whether {@code error}, or any of its causes, passes by itself. */
    public boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (transientError.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean standardTransient(Throwable t) {
        if (t instanceof RetriableException || t instanceof AuthenticationException
                || t instanceof AuthorizationException || t instanceof SocketException || t instanceof UnknownHostException
                || t instanceof InterruptedIOException || t instanceof java.util.concurrent.TimeoutException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57") || state.equals("55P03");
        }
        return false;
    }
}
