package io.gfsbackup.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbClientsTest {

    @Test
    void clientsOfOtherRegionsAreKeptButBoundedWhateverRegionsPoliciesName() {
        DynamoDbClient configured = DynamoDbClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://localhost:1")).build();
        try (DynamoDbClients clients = new DynamoDbClients(configured)) {
            assertThat(clients.apply("us-east-1")).isSameAs(configured);
            DynamoDbClient west = clients.apply("eu-west-1");
            assertThat(clients.apply("eu-west-1")).isSameAs(west);
            assertThat(west.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://localhost:1"));
            for (int i = 0; i < 500; i++) {
                clients.apply("xx-forged-" + i);
            }
            assertThat(clients.otherRegions()).isLessThanOrEqualTo(DynamoDbClients.MAX_OTHER_REGIONS);
        }
        configured.close();
    }
}
