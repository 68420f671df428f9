package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real moto server (PyPI {@code moto[server]}) serving the AWS APIs on a free loopback port. It implements the
 * DynamoDB operations this product needs: tables, items, tagging, CreateBackup, DescribeBackup, ListBackups,
 * DeleteBackup and RestoreTableFromBackup (DynamoDB Local has none of the backup or tagging operations).
 *
 * <p>On first use the server is installed into a Python virtualenv with a pinned moto version ({@link PythonTool});
 * later starts reuse it. The virtualenv lives in {@code $GFS_MOTO_VENV}, or else
 * {@code ~/.cache/gfs-backup/moto-<version>}.
 *
 * <p>{@link #startEnforcingIam(long)} starts a server that checks every call against the caller's IAM policies once
 * a number of free calls (to create users, policies, roles and keys) are made; {@link #enforceIamNow()} ends the free
 * calls early. moto checks the action of each call, not the resource or the conditions of a statement; see
 * docs/iam/README.md for exactly what it checks.
 *
 * <p>The server never outlives the JVM that started it, however that JVM ends (even SIGKILL, or a build tool killing
 * a test JVM that did not exit in time): it runs moto's own entry point next to a thread that waits for the end of
 * its standard input, a pipe whose other end this JVM holds, and ends the server when the pipe closes.
 */
public final class MotoServer implements AutoCloseable {

    public static final String MOTO_VERSION = "5.1.22";
    /** The region, account and credentials that moto answers for. Moto accepts any credentials. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String ACCESS_KEY_ID = "moto";
    public static final String SECRET_ACCESS_KEY = "moto";

    private static final PythonTool TOOL = new PythonTool("moto", "moto[server]", MOTO_VERSION, "GFS_MOTO_VENV");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** moto's server entry point, ended when its standard input closes: when the JVM that started it is gone. */
    private static final String SERVER_SCRIPT = String.join("\n",
            "import os, sys, threading",
            "def stop_when_the_starter_is_gone():",
            "    sys.stdin.buffer.read()",
            "    os._exit(0)",
            "threading.Thread(target=stop_when_the_starter_is_gone, daemon=True).start()",
            "from moto.server import main",
            "main()");

    private final Process process;
    /** The server's standard input: open as long as the server should live (it stops when this closes). */
    private final OutputStream lifeline;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.port = port;
        this.log = log;
    }

    /** Installs moto if needed, starts it on a free port and waits until it answers. Any credentials are accepted. */
    public static MotoServer start() {
        return start(Map.of());
    }

    /**
     * Like {@link #start()}, but the server enforces IAM ({@code INITIAL_NO_AUTH_ACTION_COUNT}): the first
     * {@code freeCalls} AWS calls are served whoever makes them, every later one only when it is signed with the keys
     * of an IAM user (or of an assumed role) whose policies allow its action; else the call is refused with
     * {@code AccessDenied} (HTTP 403). Calls to moto's own {@code /moto-api} are never counted or checked.
     */
    public static MotoServer startEnforcingIam(long freeCalls) {
        if (freeCalls < 0) {
            throw new IllegalArgumentException("freeCalls must be 0 or more, not " + freeCalls);
        }
        return start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Long.toString(freeCalls)));
    }

    private static MotoServer start(Map<String, String> environment) {
        Path venv = ensureInstalled();
        int port = FreePorts.find();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(venv.resolve("bin/python").toString(), "-c", SERVER_SCRIPT,
                    "-H", "127.0.0.1", "-p", Integer.toString(port));
            builder.environment().remove("INITIAL_NO_AUTH_ACTION_COUNT");
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new InfrastructureException("could not start moto_server from " + venv, e);
        }
    }

    /** The endpoint to give the AWS SDK as endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Forgets every table, item and backup. */
    public void reset() {
        post("/moto-api/reset", HttpRequest.BodyPublishers.noBody(), "reset");
    }

    /**
     * Ends the free calls: from now on every AWS call is checked against the caller's IAM policies, whatever free
     * calls were left (moto's {@code /moto-api/reset-auth} with 0). Works on any server, also one from {@link #start()}.
     */
    public void enforceIamNow() {
        post("/moto-api/reset-auth", HttpRequest.BodyPublishers.ofString("0"), "reset-auth");
    }

    private void post(String path, HttpRequest.BodyPublisher body, String what) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(endpoint().resolve(path)).header("Content-Type", "text/plain")
                            .POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new InfrastructureException("moto " + what + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while calling moto " + what, e);
        }
    }

    /** The virtualenv directory that holds the pinned moto server. */
    public static Path venvDirectory() {
        return TOOL.venv();
    }

    /** Whether the pinned moto version is installed already (else the next start installs it). */
    public static boolean isInstalled() {
        return TOOL.isInstalled();
    }

    /** Creates the virtualenv with the pinned moto version unless a complete one exists. */
    public static Path ensureInstalled() {
        return TOOL.ensureInstalled();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(endpoint().resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new InfrastructureException("the moto server exited with " + process.exitValue() + "; see "
                        + log);
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while waiting for moto", e);
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        throw new InfrastructureException("the moto server did not answer within " + START_TIMEOUT + "; see " + log);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", e);
        }
    }

    @Override
    public void close() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(10));
        try {
            lifeline.close();
        } catch (IOException alreadyClosed) {
            // the server has stopped either way
        }
    }
}
