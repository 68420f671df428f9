package io.gfsbackup.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsOperation;

/** gfs.worker.limits.* override AWS's published rates of the worker's backup calls; the other calls keep theirs. */
class ApiLimitsConfigTest {

    @Test
    void theLimitsKeysSetTheRatesOfCreateDeleteDescribeAndListBackupsAndTheOtherCallsKeepThePublishedRates() {
        ApiLimits limits = new WorkerBeans().apiLimits(config(7, 3, 0, 2));

        assertThat(limits.rate(AwsOperation.CREATE_BACKUP)).isEqualTo(7);
        assertThat(limits.rate(AwsOperation.DELETE_BACKUP)).isEqualTo(3);
        assertThat(limits.rate(AwsOperation.DESCRIBE_BACKUP)).isZero();
        assertThat(limits.rate(AwsOperation.LIST_BACKUPS)).isEqualTo(2);
        assertThat(limits.rate(AwsOperation.ASSUME_ROLE)).isEqualTo(AwsOperation.ASSUME_ROLE.publishedPerSecond());
    }

    private static WorkerConfig config(double creates, double deletes, double describes, double lists) {
        WorkerConfig.Limits limits = new WorkerConfig.Limits() {
            @Override
            public double createBackupsPerSecond() {
                return creates;
            }

            @Override
            public double deleteBackupsPerSecond() {
                return deletes;
            }

            @Override
            public double describeBackupsPerSecond() {
                return describes;
            }

            @Override
            public double listBackupsPerSecond() {
                return lists;
            }

            @Override
            public int concurrentRestores() {
                return 50;
            }
        };
        return new WorkerConfig() {
            @Override
            public Optional<String> instanceId() {
                return Optional.empty();
            }

            @Override
            public Ledger ledger() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Limits limits() {
                return limits;
            }

            @Override
            public Retry retry() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Availability availability() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Holds holds() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Deletion deletion() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Restore restore() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
