package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bounded fuzzing run of schemathesis (PyPI, pinned, installed on first use like moto: {@link PythonTool})
 * against a running service's OpenAPI document. Every operation gets at most {@code maxExamples} generated
 * requests, valid and invalid ones, with a fixed seed so that a failure can be replayed; each answer is checked
 * for a 5xx, a status the document does not list, and a body or content type that the document does not
 * describe.
 *
 * <pre>{@code
 * Schemathesis.Result result = Schemathesis.against(URI.create("http://127.0.0.1:8081/q/openapi"))
 *         .header("Authorization", "Bearer ...").maxExamples(20).seed(20261213).run();
 * }</pre>
 */
public final class Schemathesis {

    public static final String VERSION = "4.32.5";
    /** The checks of every run: no 5xx, and every answer's status, content type and body as documented. */
    public static final List<String> CHECKS = List.of("not_a_server_error", "status_code_conformance",
            "content_type_conformance", "response_schema_conformance");

    private static final PythonTool TOOL = new PythonTool("schemathesis", "schemathesis", VERSION,
            "GFS_SCHEMATHESIS_VENV");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final URI openApi;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int maxExamples = 20;
    private long seed = 1;
    private List<String> checks = CHECKS;

    private Schemathesis(URI openApi) {
        this.openApi = openApi;
    }

    /** A run against the OpenAPI document at this URL; the operations are called on the same host and port. */
    public static Schemathesis against(URI openApi) {
        return new Schemathesis(openApi);
    }

    /** Sends this header with every request, e.g. {@code Authorization: Bearer <JWT>}. */
    public Schemathesis header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** At most this many generated requests per operation and phase. */
    public Schemathesis maxExamples(int maxExamples) {
        this.maxExamples = maxExamples;
        return this;
    }

    public Schemathesis seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Schemathesis checks(List<String> checks) {
        this.checks = List.copyOf(checks);
        return this;
    }

    /** Installs schemathesis if needed and runs it; waits for its end (at most five minutes). */
    public Result run() {
        Path venv = TOOL.ensureInstalled();
        List<String> command = new ArrayList<>(List.of(TOOL.executable("st").toString(), "--no-color", "run",
                openApi.toString(),
                "--checks", String.join(",", checks),
                "--max-examples", Integer.toString(maxExamples),
                "--seed", Long.toString(seed),
                "--generation-database", "none",
                "--workers", "1",
                "--request-timeout", "30",
                "--continue-on-failure",
                "--suppress-health-check", "all",
                "--output-truncate", "false"));
        headers.forEach((name, value) -> command.addAll(List.of("--header", name + ": " + value)));
        try {
            Path output = Files.createTempFile("schemathesis-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(venv.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Processes.stop(process.toHandle(), Duration.ofSeconds(5));
                throw new InfrastructureException("schemathesis did not finish within " + RUN_TIMEOUT + "; see "
                        + output);
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            return new Result(process.exitValue(), seed, text);
        } catch (IOException e) {
            throw new InfrastructureException("could not run schemathesis from " + venv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while schemathesis ran", e);
        }
    }

    /**
     * What a run found: exit code 0 when every check passed on every request.
     *
     * @param output schemathesis's report: each failure with the request that reproduces it, then a summary
     */
    public record Result(int exitCode, long seed, String output) {

        public boolean passed() {
            return exitCode == 0;
        }
    }

    /** Runs, prints the report, and fails (an {@link AssertionError} naming the seed) if any check failed. */
    public void runAndRequirePass() {
        Result result = run();
        System.out.println("schemathesis " + VERSION + ", seed " + result.seed() + ":\n" + result.output());
        if (!result.passed()) {
            throw new AssertionError("schemathesis (seed " + result.seed() + ") found failures; its report is above");
        }
    }
}
