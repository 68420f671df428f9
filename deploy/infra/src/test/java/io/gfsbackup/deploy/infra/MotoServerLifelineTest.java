package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process starter = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Starter.class.getName())
                .redirectErrorStream(true)
                .start();
        ProcessHandle moto;
        try {
            moto = ProcessHandle.of(readMotoPid(starter)).orElseThrow();
            assertThat(moto.isAlive()).as("moto before the kill").isTrue();
        } finally {
            starter.destroyForcibly(); // SIGKILL: no shutdown hook runs in the starter
        }
        assertThat(starter.waitFor(30, TimeUnit.SECONDS)).as("the starter JVM ended").isTrue();

        boolean stopped = moto.onExit().thenApply(ended -> true).completeOnTimeout(false, 15, TimeUnit.SECONDS).get();
        if (!stopped) {
            moto.destroyForcibly();
        }
        assertThat(stopped).as("moto (pid %d) stopped within 15 s of its starter's SIGKILL", moto.pid()).isTrue();
    }

    private static long readMotoPid(Process starter) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(starter.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(PID_LINE)) {
                return Long.parseLong(line.substring(PID_LINE.length()).trim());
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the starter JVM ended without starting moto:\n" + seen);
    }
}
