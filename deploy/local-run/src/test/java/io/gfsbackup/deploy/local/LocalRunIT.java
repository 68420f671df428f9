package io.gfsbackup.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gfsbackup.deploy.infra.FreePorts;
import io.gfsbackup.deploy.infra.JwtIssuer;

/** The local run's stack, started from the packaged service jars as the README's run command starts it. */
class LocalRunIT {

    @TempDir
    Path workTree;

    @Test
    void theFiveServicesRunAsProcessesWithTheDemoPolicyTablesAndNotificationRuleAndEveryProcessStopsOnClose() throws Exception {
        Path root = RepositoryRoot.find();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, FreePorts.find());
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalRun stack = LocalRun.start(new LocalRun.Settings(root, workTree, new PrintStream(console, true), ports::get, null, true));
        Map<Service, ProcessHandle> processes = new EnumMap<>(Service.class);
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (Service service : Service.values()) {
                ServiceProcess process = stack.service(service);
                processes.put(service, process.handle());
                assertThat(process.baseUri().getPort()).isEqualTo(ports.get(service));
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(process.baseUri().resolve("/q/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as(service.module()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\": \"UP\"");
            }
            for (String role : new String[] {JwtIssuer.ADMIN, JwtIssuer.VIEWER, JwtIssuer.AUDITOR}) {
                Path token = stack.workDirectory().resolve("tokens").resolve(role + ".jwt");
                assertThat(Files.readString(token)).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
            }
            HttpResponse<String> policies = http.send(HttpRequest.newBuilder(
                            stack.service(Service.POLICY).baseUri().resolve("/api/v1/policies?name=orders-gfs"))
                    .header("Authorization", "Bearer " + Files.readString(
                            stack.workDirectory().resolve("tokens").resolve(JwtIssuer.VIEWER + ".jwt")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(policies.statusCode()).isEqualTo(200);
            assertThat(policies.body()).contains("\"totalItems\":1", "\"name\":\"orders-gfs\"");
            try (var dynamo = stack.dynamoClient()) {
                assertThat(dynamo.listTables().tableNames())
                        .containsAll(DemoTables.TABLES.stream().map(DemoTables.DemoTable::name).toList());
            }
            String viewer = "Bearer " + Files.readString(stack.workDirectory().resolve("tokens")
                    .resolve(JwtIssuer.VIEWER + ".jwt"));
            HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(stack.service(Service.OPERATIONS).baseUri()
                    .resolve("/api/v1/jobs")).header("Authorization", viewer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
            // the operations service learns the demo policy from the policies topic, so its report may lag a moment
            HttpRequest protection = HttpRequest.newBuilder(stack.service(Service.OPERATIONS).baseUri()
                    .resolve("/api/v1/protection?status=UNPROTECTED")).header("Authorization", viewer).build();
            HttpResponse<String> unprotected = http.send(protection, HttpResponse.BodyHandlers.ofString());
            for (Instant deadline = Instant.now().plusSeconds(60);
                    unprotected.body().contains("\"scopes\":[]") && Instant.now().isBefore(deadline); ) {
                Thread.sleep(500);
                unprotected = http.send(protection, HttpResponse.BodyHandlers.ofString());
            }
            assertThat(unprotected.statusCode()).as(unprotected.body()).isEqualTo(200);
            assertThat(unprotected.body()).as("the demo's tables no policy selects")
                    .contains("\"tableName\":\"sessions\"", "\"tableName\":\"order_transaction-scratch\"")
                    .doesNotContain("\"tableName\":\"orders\"");
            HttpResponse<String> rules = http.send(HttpRequest.newBuilder(stack.service(Service.OPERATIONS).baseUri()
                    .resolve("/api/v1/notification-rules")).header("Authorization", viewer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rules.body()).as("the demo's rule to the local webhook receiver").contains("local webhook")
                    .contains(stack.webhook().url().toString());
        } finally {
            stack.close();
        }
        assertThat(processes.values()).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
        assertThat(console.toString()).contains("ready on");
    }
}
