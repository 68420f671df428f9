package io.gfsbackup.operations.protection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.contracts.policy.AwsAccount;

/**
 * The accounts and regions of {@code gfs.operations.inventory.scopes}, read besides those the policies name (the own
 * account in regions no policy uses yet, another account before a policy selects from it). Each entry is
 * {@code <region>} for the services' own account, or {@code <roleArn>[#<externalId>]@<region>} for the account of
 * that role, reached by assuming it (with the external id its trust policy asks for).
 */
public final class ConfiguredScopes {

    public static final String KEY = "gfs.operations.inventory.scopes";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/[A-Za-z0-9_+=,.@/-]{1,512}");
    /** What IAM accepts as an external id: 2 to 1224 of these characters. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_+=,.@:/-]{2,1224}");
    private static final String FORMAT = "write <region> for the services' own account (e.g. us-west-2) or "
            + "<roleArn>[#<externalId>]@<region> for another one (e.g. "
            + "arn:aws:iam::222222222222:role/gfs-backup#3f1c9e6a@eu-west-1)";

    private ConfiguredScopes() {
    }

    /**
     * The scopes of the entries, in order, duplicates dropped.
     *
     * @throws IllegalArgumentException naming the key, the entry and what would be valid
     */
    public static List<Scope> parse(List<String> entries) {
        List<Scope> scopes = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int at = entry.lastIndexOf('@');
            String region = at < 0 ? entry : entry.substring(at + 1);
            if (!REGION.matcher(region).matches()) {
                throw invalid(entry, "\"" + region + "\" is not an AWS region");
            }
            Scope scope = at < 0 ? new Scope(null, region) : new Scope(account(entry, entry.substring(0, at)), region);
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return List.copyOf(scopes);
    }

    private static AwsAccount account(String entry, String role) {
        String externalId = null;
        int hash = role.indexOf('#');
        if (hash >= 0) {
            externalId = role.substring(hash + 1);
            role = role.substring(0, hash);
            if (!EXTERNAL_ID.matcher(externalId).matches()) {
                throw invalid(entry, "\"" + externalId + "\" is not an external id (2 to 1224 letters, digits or "
                        + "_+=,.@:/-)");
            }
        }
        Matcher matcher = ROLE_ARN.matcher(role);
        if (!matcher.matches()) {
            throw invalid(entry, "\"" + role + "\" is not an IAM role ARN");
        }
        return new AwsAccount(matcher.group(1), role, externalId);
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException(KEY + ": \"" + entry + "\": " + why + "; " + FORMAT);
    }
}
