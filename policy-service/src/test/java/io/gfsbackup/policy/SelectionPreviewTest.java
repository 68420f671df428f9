package io.gfsbackup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.policy.service.SelectionPreview;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.aws.TableInventory.Snapshot;

class SelectionPreviewTest {

    private static final Instant READ = Instant.parse("2026-12-01T00:00:00Z");
    private static final AwsAccount SECOND = new AwsAccount("222222222222",
            "arn:aws:iam::222222222222:role/gfs-backup", "x1");

    @Test
    void everyTableOfEveryAccountAndRegionIsListedWithTheRuleThatDecidesIt() {
        SelectionPreview preview = new SelectionPreview((account, region) -> new Snapshot(
                new TableInventory.Scope(account, region), account == null ? "111111111111" : account.accountId(), READ,
                List.of(
                        table(account, region, "orders", Map.of()),
                        table(account, region, "invoices", Map.of("backup", "gfs")),
                        table(account, region, "gfs-scratch-restore", Map.of("backup", "gfs")),
                        table(account, region, "orders-tmp", Map.of("backup", "gfs")))));
        TableSelection selection = new TableSelection(List.of("us-east-1", "eu-west-1"), List.of(SECOND),
                List.of("orders*"), Map.of("backup", "gfs"), List.of("*-tmp"));

        SelectionPreview.Preview answer = preview.preview(selection);

        assertThat(answer.selected()).isEqualTo(4);
        assertThat(answer.scopes()).extracting(SelectionPreview.Scope::region).containsExactly("us-east-1", "eu-west-1");
        assertThat(answer.tables()).filteredOn(t -> t.region().equals("eu-west-1"))
                .extracting(t -> t.name() + ":" + t.selected() + ":" + t.rule())
                .containsExactly("invoices:true:tag", "orders:true:glob", "gfs-scratch-restore:false:reserved",
                        "orders-tmp:false:exclude");
        assertThat(answer.tables()).allMatch(t -> t.accountId().equals("222222222222"));
    }

    @Test
    void aScopeThatCannotBeReadIsReportedAndTheOthersStillAnswer() {
        SelectionPreview preview = new SelectionPreview((account, region) -> {
            if (region.equals("eu-west-1")) {
                throw new IllegalStateException("AccessDenied: not authorized to perform sts:AssumeRole");
            }
            return new Snapshot(new TableInventory.Scope(account, region), "111111111111", READ,
                    List.of(table(account, region, "orders", Map.of())));
        });

        SelectionPreview.Preview answer = preview.preview(new TableSelection(List.of("us-east-1", "eu-west-1"),
                List.of(), List.of("orders"), Map.of(), List.of()));

        assertThat(answer.selected()).isEqualTo(1);
        assertThat(answer.scopes()).extracting(SelectionPreview.Scope::error)
                .containsExactly(null, "IllegalStateException: AccessDenied: not authorized to perform sts:AssumeRole");
    }

    private static TableInventory.Table table(AwsAccount account, String region, String name, Map<String, String> tags) {
        String accountId = account == null ? "111111111111" : account.accountId();
        return new TableInventory.Table(name, "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name, tags);
    }
}
