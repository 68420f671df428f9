package io.gfsbackup.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;

import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private final Failures failures = Failures.standard();

    @Test
    void outagesTimeoutsAndLostRacesPassByThemselvesAnywhereInTheCauseChain() {
        assertThat(failures.isTransient(new IllegalStateException("wrapped",
                new UncheckedIOException(new ConnectException("refused"))))).isTrue();
        assertThat(failures.isTransient(new RuntimeException(new SQLException("no connection", "08001")))).isTrue();
        assertThat(failures.isTransient(new SQLException("serialization failure", "40001"))).isTrue();
        assertThat(failures.isTransient(new SQLException("pool: acquisition timeout"))).isTrue();
        assertThat(failures.isTransient(new NotLeaderOrFollowerException("moving"))).isTrue();
        assertThat(failures.isTransient(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void aRefusedCredentialOrAMissingAclWaitsForAnOperatorInsteadOfDeadLetteringTheMessage() {
        assertThat(failures.isTransient(new IllegalStateException("not acknowledged",
                new SaslAuthenticationException("Authentication failed: Invalid username or password")))).isTrue();
        assertThat(failures.isTransient(new TopicAuthorizationException(java.util.Set.of("retention-events"))))
                .isTrue();
        assertThat(failures.isTransient(new GroupAuthorizationException("not authorized to group"))).isTrue();
    }

    @Test
    void whatIsAboutTheMessageItselfDoesNotPass() {
        assertThat(failures.isTransient(new IllegalArgumentException("unparseable"))).isFalse();
        assertThat(failures.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(failures.isTransient(new SQLException("invalid input syntax", "22P02"))).isFalse();
        assertThat(failures.isTransient(new RecordTooLargeException("too large"))).isFalse();
        class JsonParseError extends java.io.IOException {
            JsonParseError() {
                super("Unexpected character ('n' (code 110)): was expecting double-quote");
            }
        }
        assertThat(failures.isTransient(new IllegalArgumentException("not JSON", new JsonParseError()))).isFalse();
    }

    @Test
    void aServiceAddsWhatOnlyItKnows() {
        class Throttled extends RuntimeException {
        }
        assertThat(failures.isTransient(new IllegalStateException(new Throttled()))).isFalse();
        assertThat(failures.orTransientWhen(Throttled.class::isInstance)
                .isTransient(new IllegalStateException(new Throttled()))).isTrue();
    }

    @Test
    void backoffDoublesUpToItsMaximumWithAFifthOfJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        assertThat(backoff.delay(1).toMillis()).isBetween(100L, 120L);
        assertThat(backoff.delay(2).toMillis()).isBetween(200L, 240L);
        assertThat(backoff.delay(10).toMillis()).isBetween(1_000L, 1_200L);
    }
}
