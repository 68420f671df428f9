package io.gfsbackup.policy.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.policy.Samples;

/** The OpenAPI examples are the sample files that requests.http and the tests use, and they are valid. */
class ExamplesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theOpenApiPolicyExampleIsTheSampleFile() throws Exception {
        assertThat(json.readTree(Examples.VEEAM_POLICY)).isEqualTo(json.readTree(Samples.read("veeam-policy.json")));
    }

    @Test
    void theOpenApiRestoreTestExampleIsTheSampleFile() throws Exception {
        assertThat(json.readTree(Examples.VEEAM_POLICY_RESTORE_TEST))
                .isEqualTo(json.readTree(Samples.read("veeam-policy-restore-test.json")));
    }

    @Test
    void theOpenApiSimulationExampleIsTheSampleFile() throws Exception {
        assertThat(json.readTree(Examples.VEEAM_SIMULATION)).isEqualTo(json.readTree(Samples.read("simulate-veeam.json")));
    }

    @Test
    void theExamplePoliciesAreValid() {
        assertThat(PolicyJson.read(Examples.VEEAM_POLICY).violations()).isEmpty();
        assertThat(PolicyJson.read(Examples.VEEAM_POLICY_RESTORE_TEST).violations()).isEmpty();
    }
}
