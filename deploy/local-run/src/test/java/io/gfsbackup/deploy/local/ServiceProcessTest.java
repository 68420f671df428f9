package io.gfsbackup.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.gfsbackup.deploy.infra.InfrastructureException;

class ServiceProcessTest {

    @TempDir
    Path logs;

    @Test
    void anotherServerAnsweringOnThePortIsNotTakenForTheService() throws Exception {
        HttpServer stranger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stranger.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        stranger.start();
        int port = stranger.getAddress().getPort();
        Path log = Files.writeString(logs.resolve("policy-service.log"),
                "ERROR [io.quarkus.runtime.Application] (main) Port " + port + " seems to be in use\n");
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ServiceProcess process = new ServiceProcess(Service.POLICY, port, log, sleeper);
            assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(2)))
                    .isInstanceOf(InfrastructureException.class).hasMessageContaining("was not ready");

            Files.writeString(log, "INFO [io.quarkus] (main) policy-service started in 1.0s. Listening on: http://0.0.0.0:"
                    + port + "\n");
            process.awaitReady(Duration.ofSeconds(5));
            assertThat(process.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly();
            stranger.stop(0);
        }
    }
}
