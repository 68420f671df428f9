package io.gfsbackup.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.gfsbackup.deploy.infra.FreePorts;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.PostgresServer;

/**
 * A REST service started for production without the means to verify bearer tokens refuses to start and says
 * which settings are missing, although its database and broker are there.
 */
class SecurityFailsClosedIT {

    @TempDir
    Path logs;

    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"POLICY", "RETENTION"})
    void aRestServiceWithoutATokenKeyAndIssuerRefusesToStart(Service service) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(); KafkaBroker kafka = KafkaBroker.start();
             ServiceProcess process = ServiceProcess.start(service, RepositoryRoot.find(), FreePorts.find(), Map.of(
                     "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                     "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(),
                     "QUARKUS_DATASOURCE_USERNAME", postgres.username()), logs)) {
            boolean ended = process.handle().onExit().thenApply(handle -> true)
                    .completeOnTimeout(false, Duration.ofSeconds(90).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    .get();
            assertThat(ended).as("the service should not have started: " + process.tail()).isTrue();
            assertThat(Files.readString(process.log())).contains("refusing to start: bearer tokens cannot be verified")
                    .contains("mp.jwt.verify.publickey").contains("mp.jwt.verify.issuer");
        }
    }
}
