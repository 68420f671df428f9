package io.gfsbackup.aws;

/**
 * The AWS calls the services make, each with the rate AWS allows per account and region (the documented quota of
 * the call where AWS publishes one; a conservative rate where it does not). {@link ApiLimits} paces every call at
 * these rates unless configuration lowers or raises one.
 */
public enum AwsOperation {

    /** DynamoDB: "You can call CreateBackup at a maximum rate of 50 times per second." */
    CREATE_BACKUP("CreateBackup", 50),
    /** DynamoDB: "You can call DeleteBackup at a maximum rate of 10 times per second." */
    DELETE_BACKUP("DeleteBackup", 10),
    /** DynamoDB: "You can call ListBackups at a maximum rate of 5 times per second." */
    LIST_BACKUPS("ListBackups", 5),
    /** DynamoDB: "You can call RestoreTableFromBackup at a maximum rate of 10 times per second." */
    RESTORE_TABLE_FROM_BACKUP("RestoreTableFromBackup", 10),
    /** DynamoDB publishes no per-call rate for DescribeBackup; paced like the backup calls it follows. */
    DESCRIBE_BACKUP("DescribeBackup", 50),
    /** DynamoDB publishes no per-call rate for ListTables (100 names a page); 10/s is far more than a refresh needs. */
    LIST_TABLES("ListTables", 10),
    /** DynamoDB publishes no per-call rate for DescribeTable; 10/s, as for ListTables. */
    DESCRIBE_TABLE("DescribeTable", 10),
    /**
     * DynamoDB publishes no per-call rate for DescribeContinuousBackups (whether point-in-time recovery is on); 10/s,
     * as for DescribeTable. The operations service calls it once per table at each inventory refresh.
     */
    DESCRIBE_CONTINUOUS_BACKUPS("DescribeContinuousBackups", 10),
    /**
     * The Resource Groups Tagging API (100 resources a page) publishes no per-call rate in its quota table; 5/s,
     * conservative, since a refresh of 10,000 tables needs at most 100 pages.
     */
    GET_RESOURCES("GetResources", 5),
    /** DynamoDB: ListTagsOfResource, 10 times a second per account (used only where the inventory is not). */
    LIST_TAGS_OF_RESOURCE("ListTagsOfResource", 10),
    /**
     * DynamoDB publishes no per-call rate for the table-setting calls a restore makes on its new table
     * (DeleteTable, UpdateTable, UpdateTimeToLive, UpdateContinuousBackups; they count against the account's 500
     * concurrent table operations, which a {@code LimitExceededException} reports) nor for the reads of the source
     * table's settings (DescribeTimeToLive); 10/s, as for DescribeTable.
     */
    DELETE_TABLE("DeleteTable", 10),
    /** See {@link #DELETE_TABLE}. */
    UPDATE_TABLE("UpdateTable", 10),
    /** See {@link #DELETE_TABLE}. */
    UPDATE_TIME_TO_LIVE("UpdateTimeToLive", 10),
    /** See {@link #DELETE_TABLE}. */
    DESCRIBE_TIME_TO_LIVE("DescribeTimeToLive", 10),
    /** See {@link #DELETE_TABLE}. */
    UPDATE_CONTINUOUS_BACKUPS("UpdateContinuousBackups", 10),
    /** DynamoDB: "You can call TagResource up to five times per second, per account." */
    TAG_RESOURCE("TagResource", 5),
    /**
     * A restore test's Scan of its scratch table (a page is up to 1 MB). Item reads are limited by the table's
     * capacity, not by a call rate; 10 pages a second keeps a test from taking a large table's whole capacity.
     */
    SCAN("Scan", 10),
    /** A restore test's read-back of its sampled items by key; paced like CreateBackup. */
    GET_ITEM("GetItem", 50),
    /**
     * DynamoDB publishes no per-call rate for ExportTableToPointInTime, only 300 exports in progress per account; an
     * archive copy makes one. 5/s, conservative.
     */
    EXPORT_TABLE_TO_POINT_IN_TIME("ExportTableToPointInTime", 5),
    /** DynamoDB publishes no per-call rate for DescribeExport; 10/s, as for DescribeTable. */
    DESCRIBE_EXPORT("DescribeExport", 10),
    /**
     * DynamoDB publishes no per-call rate for ImportTable, only 50 imports in progress per account; the restore of an
     * archived point makes one. 5/s, conservative.
     */
    IMPORT_TABLE("ImportTable", 5),
    /** DynamoDB publishes no per-call rate for DescribeImport; 10/s, as for DescribeTable. */
    DESCRIBE_IMPORT("DescribeImport", 10),
    /** STS: AssumeRole is within the account's STS request quota (600 requests per second by default). */
    ASSUME_ROLE("AssumeRole", 600),
    /** STS GetCallerIdentity: the services' own account id, asked once; within the same STS quota. */
    GET_CALLER_IDENTITY("GetCallerIdentity", 600);

    private final String apiName;
    private final double publishedPerSecond;

    AwsOperation(String apiName, double publishedPerSecond) {
        this.apiName = apiName;
        this.publishedPerSecond = publishedPerSecond;
    }

    /** The call's name in the AWS API and in IAM (e.g. {@code CreateBackup}). */
    public String apiName() {
        return apiName;
    }

    /** The rate this project paces the call at by default, per account and region, in calls a second. */
    public double publishedPerSecond() {
        return publishedPerSecond;
    }
}
