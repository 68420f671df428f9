package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A moto server never outlives the JVM that started it: a JVM killed with SIGKILL runs no shutdown hook, and its
 * moto server still stops.
 */
class MotoServerLifelineTest {

    private static final String PID_LINE = "moto server pid ";

    /** The JVM to kill: starts a moto server, prints its pid and waits. */
    public static final class Starter {
        public static void main(String[] args) throws InterruptedException {
            MotoServer moto = MotoServer.start();
            System.out.println(PID_LINE + moto.pid());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    @Test
    void theServerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        ProcessHandle moto;
        try (StarterJvm starter = StarterJvm.start(Starter.class)) {
            moto = ProcessHandle.of(Long.parseLong(starter.awaitLine(PID_LINE))).orElseThrow();
            assertThat(moto.isAlive()).as("moto before the kill").isTrue();
            starter.kill();
        }
        assertThat(StarterJvm.endsWithin(moto, Duration.ofSeconds(15)))
                .as("moto (pid %d) stopped within 15 s of its starter's SIGKILL", moto.pid()).isTrue();
    }
}
