package io.gfsbackup.operations.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.contracts.policy.AwsAccount;

class ConfiguredScopesTest {

    private static final String ROLE = "arn:aws:iam::222222222222:role/gfs-backup";

    @Test
    void aRegionIsTheOwnAccountAndARoleAtARegionIsTheRolesAccountWithItsExternalId() {
        assertThat(ConfiguredScopes.parse(List.of("us-west-2", " " + ROLE + "#ext-1@eu-west-1 ", ROLE + "@us-east-1",
                "", "us-west-2")))
                .containsExactly(new Scope(null, "us-west-2"),
                        new Scope(new AwsAccount("222222222222", ROLE, "ext-1"), "eu-west-1"),
                        new Scope(new AwsAccount("222222222222", ROLE, null), "us-east-1"));
    }

    @Test
    void aBadEntryIsRefusedNamingTheKeyTheEntryAndTheFormat() {
        assertThatThrownBy(() -> ConfiguredScopes.parse(List.of("us-west-2", "mars-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gfs.operations.inventory.scopes: \"mars-1\": \"mars-1\" is not an AWS region;")
                .hasMessageContaining("<roleArn>[#<externalId>]@<region>");
        assertThatThrownBy(() -> ConfiguredScopes.parse(List.of("arn:aws:iam::2222:role/x@us-east-1")))
                .hasMessageContaining("\"arn:aws:iam::2222:role/x\" is not an IAM role ARN");
        assertThatThrownBy(() -> ConfiguredScopes.parse(List.of(ROLE + "#@us-east-1")))
                .hasMessageContaining("\"\" is not an external id");
    }
}
