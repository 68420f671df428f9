package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL never outlives the JVM that started it: a JVM killed with SIGKILL runs no shutdown hook, and its server
 * still stops and its data directory is deleted.
 */
class PostgresServerLifelineTest {

    private static final String DATA_LINE = "postgres data directory ";

    /** The JVM to kill: starts PostgreSQL, prints its data directory and waits. */
    public static final class Starter {
        public static void main(String[] args) throws InterruptedException {
            PostgresServer postgres = PostgresServer.start();
            System.out.println(DATA_LINE + postgres.dataDirectory());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    @Test
    void theServerStopsAndItsDataGoesWhenTheJvmThatStartedItIsKilled() throws Exception {
        Path dataDirectory;
        ProcessHandle postmaster;
        try (StarterJvm starter = StarterJvm.start(Starter.class)) {
            dataDirectory = Path.of(starter.awaitLine(DATA_LINE));
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            postmaster = ProcessHandle.of(pid).orElseThrow();
            assertThat(postmaster.isAlive()).as("PostgreSQL before the kill").isTrue();
            starter.kill();
        }
        assertThat(StarterJvm.endsWithin(postmaster, Duration.ofSeconds(20)))
                .as("PostgreSQL (pid %d) stopped within 20 s of its starter's SIGKILL", postmaster.pid())
                .isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(dataDirectory) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dataDirectory).as("the data directory").doesNotExist();
    }
}
