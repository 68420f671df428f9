package io.gfsbackup.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gfsbackup.deploy.infra.FreePorts;

/**
 * The README's run command as a user stops it without a terminal (a process manager, {@code kill}): SIGTERM to
 * the local run's JVM stops every process it started, the five services and moto included.
 */
class LocalRunStopIT {

    private static final Duration READY = Duration.ofMinutes(4);

    @TempDir
    Path workDirectory;

    @Test
    void sigtermToTheLocalRunStopsEveryProcessItStarted() throws Exception {
        Path root = RepositoryRoot.find();
        Path log = workDirectory.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgfs.root=" + root, "-Dgfs.work-dir=" + workDirectory.resolve("local"),
                "-cp", System.getProperty("java.class.path"), LocalRun.class.getName(), "--system-clock")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        for (Service service : Service.values()) {
            builder.environment().put(service.module().toUpperCase().replace('-', '_') + "_PORT",
                    Integer.toString(FreePorts.find()));
        }
        Process run = builder.start();
        List<ProcessHandle> children;
        try {
            long deadline = System.nanoTime() + READY.toNanos();
            while (!Files.readString(log).contains("The system is running")) {
                assertThat(run.isAlive()).as("the local run exited early:%n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("not running within %s:%n%s", READY, Files.readString(log))
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            children = run.toHandle().descendants().toList();
            assertThat(children).as("services and moto").hasSizeGreaterThanOrEqualTo(Service.values().length + 1);

            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the local run stops").isTrue();
        } finally {
            run.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).as("still running after the local "
                    + "run stopped: " + child.info().commandLine().orElse("pid " + child.pid())).isFalse());
            assertThat(Files.readString(log)).contains("Stopping every process the local run started");
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
