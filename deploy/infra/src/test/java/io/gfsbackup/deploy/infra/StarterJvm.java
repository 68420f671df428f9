package io.gfsbackup.deploy.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} of these tests on the tests' class path, so that a test can kill it with
 * SIGKILL (no shutdown hook runs) and look at what it left behind.
 */
final class StarterJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;

    private StarterJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static StarterJvm start(Class<?> main) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new StarterJvm(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true)
                .start());
    }

    /** The rest of the first line the JVM prints that starts with {@code prefix}. */
    String awaitLine(String prefix) throws IOException {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the starter JVM ended without printing \"" + prefix + "\":\n" + seen);
    }

    /** SIGKILL, and waits until the JVM is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the starter JVM did not end within 30 s of SIGKILL");
        }
    }

    /**
     * Whether {@code process} ends within {@code timeout}; if it does not, kills it, so that a failing test leaves
     * nothing running.
     */
    static boolean endsWithin(ProcessHandle process, Duration timeout) throws Exception {
        boolean ended = process.onExit().thenApply(exited -> true)
                .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS).get();
        if (!ended) {
            process.destroyForcibly();
        }
        return ended;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
