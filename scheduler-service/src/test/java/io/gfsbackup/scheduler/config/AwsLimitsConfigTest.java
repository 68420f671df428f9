package io.gfsbackup.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsOperation;

/** {@code gfs.scheduler.limits.<call>}: rates that replace the published ones, and clear errors for bad ones. */
class AwsLimitsConfigTest {

    @Test
    void aConfiguredRateReplacesThePublishedOneOfItsCallOnly() {
        ApiLimits limits = SchedulerLifecycle.limits(Map.of("get-resources", 2d, "list-tables", 0d));

        assertThat(limits.rate(AwsOperation.GET_RESOURCES)).isEqualTo(2);
        assertThat(limits.rate(AwsOperation.LIST_TABLES)).isZero();
        assertThat(limits.rate(AwsOperation.ASSUME_ROLE)).isEqualTo(AwsOperation.ASSUME_ROLE.publishedPerSecond());
    }

    @Test
    void anUnknownCallOrANegativeRateIsRefusedNamingTheKeyAndWhatIsValid() {
        assertThatThrownBy(() -> SchedulerLifecycle.limits(Map.of("list-tags", 5d)))
                .hasMessageContaining("gfs.scheduler.limits.list-tags")
                .hasMessageContaining("list-tables").hasMessageContaining("get-resources");
        assertThatThrownBy(() -> SchedulerLifecycle.limits(Map.of("get-resources", -1d)))
                .hasMessageContaining("gfs.scheduler.limits.get-resources").hasMessageContaining("0 or more");
    }
}
