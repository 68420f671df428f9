package io.gfsbackup.policy.rest;

/**
 * Example bodies for the OpenAPI document. They are the files in {@code policy-service/samples/}, which
 * {@code requests.http} and the tests use; {@code ExamplesTest} keeps the two the same.
 */
final class Examples {

    /** The policy of the Veeam harmonized-scheduling guide: {@code samples/veeam-policy.json}. */
    static final String VEEAM_POLICY = """
            {
              "name": "orders-gfs",
              "description": "Veeam harmonized scheduling example: twice daily kept 3 days, Monday 07:00 kept 2 weeks, first Monday of every other month kept 6 months",
              "enabled": true,
              "timeZone": "UTC",
              "selection": {
                "region": "us-east-1",
                "tables": ["orders", "order_transaction-*"],
                "tags": { "backup": "daily" },
                "exclude": ["order_transaction-scratch"]
              },
              "schedule": {
                "daily": { "times": ["07:00", "11:00"], "days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], "keep": "P3D" },
                "weekly": { "day": "MON", "time": "07:00", "keep": "P14D" },
                "monthly": { "months": ["JAN", "MAR", "MAY", "JUL", "SEP", "NOV"], "week": "FIRST", "day": "MON", "time": "07:00", "keep": "P6M" }
              },
              "startWindow": "PT1H",
              "retentionSafety": { "keepAtLeast": 1 }
            }
            """;

    /**
     * The same policy with a restore test every Saturday at noon (one table, a point drawn among those of the last
     * 30 days): {@code samples/veeam-policy-restore-test.json}.
     */
    static final String VEEAM_POLICY_RESTORE_TEST = """
            {
              "name": "orders-gfs",
              "description": "Veeam harmonized scheduling example: twice daily kept 3 days, Monday 07:00 kept 2 weeks, first Monday of every other month kept 6 months; every Saturday at noon one table is restored from a point of the last 30 days and checked",
              "enabled": true,
              "timeZone": "UTC",
              "selection": {
                "region": "us-east-1",
                "tables": ["orders", "order_transaction-*"],
                "tags": { "backup": "daily" },
                "exclude": ["order_transaction-scratch"]
              },
              "schedule": {
                "daily": { "times": ["07:00", "11:00"], "days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], "keep": "P3D" },
                "weekly": { "day": "MON", "time": "07:00", "keep": "P14D" },
                "monthly": { "months": ["JAN", "MAR", "MAY", "JUL", "SEP", "NOV"], "week": "FIRST", "day": "MON", "time": "07:00", "keep": "P6M" }
              },
              "startWindow": "PT1H",
              "retentionSafety": { "keepAtLeast": 1 },
              "restoreTest": {
                "day": "SAT",
                "time": "12:00",
                "point": "RANDOM",
                "withinDays": 30,
                "tables": 1,
                "maxTableSizeBytes": 10737418240,
                "validation": { "itemCountTolerance": 0.1, "sampleItems": 10 },
                "keepFor": "PT0S"
              }
            }
            """;

    /** Its simulation over seven months: {@code samples/simulate-veeam.json}. */
    static final String VEEAM_SIMULATION = """
            {
              "policy": {
                "name": "orders-gfs",
                "description": "Veeam harmonized scheduling example: twice daily kept 3 days, Monday 07:00 kept 2 weeks, first Monday of every other month kept 6 months",
                "enabled": true,
                "timeZone": "UTC",
                "selection": {
                  "region": "us-east-1",
                  "tables": [
                    "orders",
                    "order_transaction-*"
                  ],
                  "tags": {
                    "backup": "daily"
                  },
                  "exclude": [
                    "order_transaction-scratch"
                  ]
                },
                "schedule": {
                  "daily": {
                    "times": [
                      "07:00",
                      "11:00"
                    ],
                    "days": [
                      "MON",
                      "TUE",
                      "WED",
                      "THU",
                      "FRI",
                      "SAT",
                      "SUN"
                    ],
                    "keep": "P3D"
                  },
                  "weekly": {
                    "day": "MON",
                    "time": "07:00",
                    "keep": "P14D"
                  },
                  "monthly": {
                    "months": [
                      "JAN",
                      "MAR",
                      "MAY",
                      "JUL",
                      "SEP",
                      "NOV"
                    ],
                    "week": "FIRST",
                    "day": "MON",
                    "time": "07:00",
                    "keep": "P6M"
                  }
                },
                "startWindow": "PT1H",
                "retentionSafety": {
                  "keepAtLeast": 1
                }
              },
              "from": "2026-01-05T00:00:00Z",
              "to": "2026-08-01T00:00:00Z"
            }
            """;

    private Examples() {
    }
}
