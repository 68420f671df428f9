package io.gfsbackup.contracts.messages;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DynamoDB table: region, account, name and ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}). */
public record TableRef(String region, String accountId, String name, String arn) {

    private static final Pattern TABLE_ARN =
            Pattern.compile("arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):([0-9]*):table/([A-Za-z0-9_.-]+)");

    public TableRef {
        Require.present(region, "table.region");
        Require.present(name, "table.name");
        Require.present(arn, "table.arn");
    }

    /** The table an ARN names. */
    public static TableRef fromArn(String arn) {
        Matcher matcher = TABLE_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a DynamoDB table ARN: " + arn);
        }
        return new TableRef(matcher.group(2), matcher.group(3), matcher.group(4), arn);
    }
}
