package io.gfsbackup.messaging;

import java.time.Instant;

/** A Kafka consumer as its service's readiness sees it: when it last completed a poll while connected. */
public interface PollWatch {

    /** The consumer's name in the readiness answer. */
    String name();

    /** The wall-clock instant of the last poll that returned while the cluster was serving the consumer. */
    Instant lastCompletedPoll();
}
