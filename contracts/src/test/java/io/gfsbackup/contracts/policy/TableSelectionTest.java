package io.gfsbackup.contracts.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TableSelectionTest {

    private static final AwsAccount SECOND = new AwsAccount("222222222222",
            "arn:aws:iam::222222222222:role/gfs-backup", "ext-1");

    @Test
    void aReservedNameIsNeverSelectedWhateverTheGlobsAndTagsSay() {
        TableSelection selection = new TableSelection(List.of("us-east-1"), List.of(), List.of("*", "gfs-scratch-x"),
                Map.of("backup", "daily"), List.of());

        assertThat(selection.selects("gfs-scratch-restore-orders", Map.of("backup", "daily"))).isFalse();
        assertThat(selection.explain("gfs-scratch-x", Map.of()).rule()).isEqualTo("reserved");
        assertThat(selection.needsTags("gfs-scratch-x")).isFalse();
        assertThat(selection.selects("gfs-scratch", Map.of())).isTrue();
    }

    @Test
    void eachTableIsExplainedByTheRuleThatDecidesIt() {
        TableSelection selection = new TableSelection(List.of("us-east-1"), List.of(), List.of("orders", "order_*"),
                Map.of("backup", "daily"), List.of("order_tmp*"));

        assertThat(selection.explain("orders", Map.of())).isEqualTo(
                new TableSelection.Reason(true, "name", "named in tables"));
        assertThat(selection.explain("order_lines", Map.of())).isEqualTo(
                new TableSelection.Reason(true, "glob", "matches \"order_*\""));
        assertThat(selection.explain("invoices", Map.of("backup", "daily", "team", "x"))).isEqualTo(
                new TableSelection.Reason(true, "tag", "carries {backup=daily}"));
        assertThat(selection.explain("order_tmp1", Map.of("backup", "daily"))).isEqualTo(
                new TableSelection.Reason(false, "exclude", "excluded by \"order_tmp*\""));
        assertThat(selection.explain("invoices", Map.of("backup", "weekly")).rule()).isEqualTo("no-match");
    }

    @Test
    void onlyATableTheNamesCannotDecideNeedsItsTags() {
        TableSelection selection = new TableSelection(List.of("us-east-1"), List.of(), List.of("orders"),
                Map.of("backup", "daily"), List.of("tmp*"));

        assertThat(selection.needsTags("orders")).isFalse();
        assertThat(selection.needsTags("tmp1")).isFalse();
        assertThat(selection.needsTags("invoices")).isTrue();
        assertThat(new TableSelection("us-east-1", List.of("orders"), Map.of(), List.of()).needsTags("x")).isFalse();
    }

    @Test
    void noAccountsMeansTheServicesOwnAccount() {
        assertThat(new TableSelection("us-east-1", List.of("t"), Map.of(), List.of()).accountsOrOwn())
                .containsExactly(Optional.empty());
        assertThat(new TableSelection(List.of("us-east-1", "eu-west-1"), List.of(SECOND), List.of("t"), Map.of(),
                List.of()).accountsOrOwn()).containsExactly(Optional.of(SECOND));
    }

    @Test
    void aPolicyOverTwoAccountsAndTwoRegionsIsReadAndWrittenBack() {
        String json = """
                {"name": "fleet", "selection": {"regions": ["us-east-1", "eu-west-1"],
                  "accounts": [{"accountId": "222222222222", "roleArn": "arn:aws:iam::222222222222:role/gfs-backup",
                                "externalId": "ext-1"},
                               {"accountId": "333333333333", "roleArn": "arn:aws:iam::333333333333:role/gfs-backup"}],
                  "tags": {"backup": "gfs"}},
                 "schedule": {"daily": {"times": ["07:00"], "keep": "P7D"}}}""";

        BackupPolicy policy = PolicyJson.read(json).value();

        assertThat(policy.selection().regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(policy.selection().accounts()).containsExactly(SECOND,
                new AwsAccount("333333333333", "arn:aws:iam::333333333333:role/gfs-backup", null));
        assertThat(PolicyJson.read(PolicyJson.write(policy)).value()).isEqualTo(policy);
    }
}
