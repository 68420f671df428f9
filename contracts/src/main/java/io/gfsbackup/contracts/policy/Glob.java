package io.gfsbackup.contracts.policy;

/**
 * Table-name globs: {@code *} matches any run of characters (also none), {@code ?} exactly one character,
 * every other character itself, case-sensitively (DynamoDB table names are case-sensitive).
 */
public final class Glob {

    private Glob() {
    }

    /** Whether {@code name} matches {@code pattern} as a whole. */
    public static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int starAt = -1;
        int nameAtStar = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                nameAtStar = n;
            } else if (starAt >= 0) {
                p = starAt + 1;
                n = ++nameAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
