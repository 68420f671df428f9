package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tool from PyPI at a pinned version ({@code pip install <requirement>==<version>}), installed on first use into a Python virtualenv of its own and reused
 * afterwards: moto for {@link MotoServer}, schemathesis for {@link Schemathesis}.
 *
 * <p>The virtualenv lives in the directory named by the tool's environment variable (e.g. {@code $GFS_MOTO_VENV}),
 * or else {@code ~/.cache/gfs-backup/<name>-<version>}; the Python interpreter is {@code $GFS_PYTHON}, or else
 * {@code python3} (3.9+ with the venv module). A file lock keeps concurrent JVMs (test modules, the local run) from
 * installing the same tool at the same time; a marker file written last tells a complete install from a broken one.
 */
public record PythonTool(String name, String requirement, String version, String venvVariable) {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    /** The virtualenv directory that holds the pinned version. */
    public Path venv() {
        String configured = System.getenv(venvVariable);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gfs-backup", name + "-" + version);
    }

    /** An executable of the virtualenv, e.g. {@code python} or a console script of the tool. */
    public Path executable(String script) {
        return venv().resolve("bin").resolve(script);
    }

    /** Whether the pinned version is installed already (else {@link #ensureInstalled()} installs it). */
    public boolean isInstalled() {
        return Files.exists(marker(venv()));
    }

    /** Creates the virtualenv with the pinned version unless a complete one exists; answers its directory. */
    public Path ensureInstalled() {
        Path venv = venv();
        Path marker = marker(venv);
        if (Files.exists(marker)) {
            return venv;
        }
        try {
            Files.createDirectories(venv.getParent());
            Path lockFile = venv.resolveSibling(venv.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(marker)) {
                    return venv;
                }
                String python = System.getenv().getOrDefault("GFS_PYTHON", "python3");
                run(List.of(python, "-m", "venv", "--clear", venv.toString()), venv.getParent());
                run(List.of(venv.resolve("bin/pip").toString(), "install", "--quiet", requirement + "==" + version),
                        venv.getParent());
                Files.writeString(marker, Instant.now().toString());
                return venv;
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not install " + requirement + " " + version + " into " + venv, e);
        }
    }

    private Path marker(Path venv) {
        return venv.resolve(".gfs-installed-" + version);
    }

    private void run(List<String> command, Path workingDirectory) throws IOException {
        Path output = Files.createTempFile(name + "-install-", ".log");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InfrastructureException(String.join(" ", command) + " did not finish within " + INSTALL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new InfrastructureException(String.join(" ", command) + " failed with exit code "
                    + process.exitValue() + ":\n" + Files.readString(output));
        }
        Files.deleteIfExists(output);
    }
}
