package io.gfsbackup.worker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Which client the ledger gets from which settings (no server: clients connect only when called). */
class LedgerClientTest {

    private static final URI HOME_ENDPOINT = URI.create("http://127.0.0.1:4566");
    private static final URI LEDGER_ENDPOINT = URI.create("http://127.0.0.1:5000");

    /** Stands for the worker's own (Quarkus's) client; records whether anyone closed it. */
    static final class HomeClient implements DynamoDbClient {
        boolean closed;

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void withNeitherRegionNorEndpointTheLedgerUsesTheWorkersOwnClientAndDoesNotCloseIt() {
        HomeClient home = new HomeClient();
        LedgerClient ledger = LedgerClient.of(home, Optional.of("us-east-1"), Optional.of(HOME_ENDPOINT),
                Optional.empty(), Optional.empty());

        assertThat(ledger.client()).isSameAs(home);
        assertThat(ledger.isOwn()).isFalse();
        ledger.close();
        assertThat(home.closed).isFalse();
    }

    @Test
    void anEndpointGivesAClientOfItsOwnInTheWorkersRegion() {
        HomeClient home = new HomeClient();
        try (LedgerClient ledger = LedgerClient.of(home, Optional.of("eu-west-1"), Optional.of(HOME_ENDPOINT),
                Optional.empty(), Optional.of(LEDGER_ENDPOINT))) {
            assertThat(ledger.isOwn()).isTrue();
            assertThat(ledger.client()).isNotSameAs(home);
            assertThat(ledger.client().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(ledger.client().serviceClientConfiguration().endpointOverride()).contains(LEDGER_ENDPOINT);
            assertThat(ledger.location()).contains("eu-west-1").contains(LEDGER_ENDPOINT.toString());
        }
        assertThat(home.closed).isFalse();
    }

    @Test
    void aRegionAloneGivesAClientOfThatRegionWithTheWorkersEndpointOverrideIfAny() {
        try (LedgerClient withOverride = LedgerClient.of(new HomeClient(), Optional.of("us-east-1"),
                Optional.of(HOME_ENDPOINT), Optional.of("ap-southeast-2"), Optional.empty());
             LedgerClient withoutOverride = LedgerClient.of(new HomeClient(), Optional.of("us-east-1"),
                     Optional.empty(), Optional.of("ap-southeast-2"), Optional.empty())) {
            assertThat(withOverride.client().serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
            assertThat(withOverride.client().serviceClientConfiguration().endpointOverride()).contains(HOME_ENDPOINT);
            assertThat(withoutOverride.client().serviceClientConfiguration().region())
                    .isEqualTo(Region.AP_SOUTHEAST_2);
            assertThat(withoutOverride.client().serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void anEndpointThatIsNotAnAbsoluteHttpUriIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LedgerClient.of(new HomeClient(), Optional.of("us-east-1"), Optional.empty(),
                Optional.empty(), Optional.of(URI.create("localhost:5000"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gfs.worker.ledger.endpoint-override")
                .hasMessageContaining("localhost:5000");
        assertThatThrownBy(() -> LedgerClient.of(new HomeClient(), Optional.of("us-east-1"), Optional.empty(),
                Optional.empty(), Optional.of(URI.create("ftp://ledger.example:21"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
    }
}
