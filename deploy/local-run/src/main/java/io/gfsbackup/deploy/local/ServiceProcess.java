package io.gfsbackup.deploy.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gfsbackup.deploy.infra.InfrastructureException;
import io.gfsbackup.deploy.infra.Processes;

/**
 * One service running as its own operating-system process from its packaged Quarkus application
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}), with its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final Path log;
    private final Process process;

    ServiceProcess(Service service, int port, Path log, Process process) {
        this.service = service;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the service's jar with {@code environment} added to this process's environment. */
    public static ServiceProcess start(Service service, Path repositoryRoot, int port, Map<String, String> environment,
                                       Path logDirectory) {
        Path jar = service.jar(repositoryRoot);
        if (!Files.isRegularFile(jar)) {
            throw new InfrastructureException(jar + " does not exist: build first with 'mvn -DskipTests package'");
        }
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(service.module() + ".log");
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC"));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(repositoryRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(service, port, log, builder.start());
        } catch (IOException e) {
            throw new InfrastructureException("could not start " + service.module(), e);
        }
    }

    /**
     * Waits until the service's own log says it listens on its port and {@code /q/health/ready} answers 200, or fails
     * with the end of the service's log. A health answer alone is not enough: another server may hold the port (a
     * port found free a moment ago can be taken by the time the service binds it), and its answer would pass for
     * this service's while this service has failed to start.
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new InfrastructureException(service.module() + " exited with " + process.exitValue()
                        + "; its log ends with:\n" + tail());
            }
            try {
                if (listening() && HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while waiting for " + service.module(), e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while waiting for " + service.module(), e);
            }
        }
        throw new InfrastructureException(service.module() + " was not ready within " + timeout
                + "; its log ends with:\n" + tail());
    }

    /** Whether the service's log says it listens on this process's port (Quarkus: "Listening on: http://host:port"). */
    private boolean listening() throws IOException {
        if (!Files.isRegularFile(log)) {
            return false;
        }
        try (var lines = Files.lines(log)) {
            return lines.anyMatch(line -> line.contains("Listening on: ") && line.matches(".*http://[^ ]+:" + port + "\\b.*"));
        }
    }

    public Service service() {
        return service;
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    public Path log() {
        return log;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the service's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the service gracefully (SIGTERM), killing it if it has not stopped after 15 s. */
    @Override
    public void close() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(15));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
