namespace Lapor.Hosting.Storage;

/// <summary>Constants shared by Lapor's storage wiring.</summary>
public static class LaporStorage
{
    /// <summary>Name of the grain storage provider: <c>[PersistentState("state", LaporStorage.Name)]</c>.</summary>
    public const string Name = "lapor";

    /// <summary>Schema version the embedded scripts create and <see cref="SchemaCheck"/> expects.</summary>
    public const int SchemaVersion = 12;

    /// <summary>Orleans' invariant for SQLite (mapped by Orleans to Microsoft.Data.Sqlite).</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' invariant for PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Lapor's own tables a current schema has. Checked beside the version, because work streams' scripts are numbered
    /// apart (a database may record a later version without an earlier-numbered script applied, e.g. the monev roll-up
    /// of 003 under 007's inbox counts).
    /// </summary>
    public static IReadOnlyList<string> RequiredTables { get; } =
    [
        "lapor_inbox", "lapor_inbox_count", "lapor_public", "lapor_monev_day", "lapor_agency_counters", "lapor_escalation",
        "lapor_monev_sum", "lapor_monev_backlog", "lapor_monev_line", "lapor_monev_node", "lapor_monev_outbox", "lapor_monev_link",
        "lapor_subscription", "lapor_notification",
        "lapor_attachment", "lapor_agencies", "lapor_agency_search", "lapor_reporter_erasure",
    ];

    /// <summary>Query keys that must be present in <c>OrleansQuery</c> for grain state.</summary>
    public static IReadOnlyList<string> PersistenceQueryKeys { get; } =
        ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    /// <summary>Query keys that must be present in <c>OrleansQuery</c> for reminders.</summary>
    public static IReadOnlyList<string> ReminderQueryKeys { get; } =
    [
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>Query keys that must be present in <c>OrleansQuery</c> for clustering (PostgreSQL only).</summary>
    public static IReadOnlyList<string> ClusteringQueryKeys { get; } =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    /// <summary>All query keys the schema for <paramref name="provider"/> must provide.</summary>
    public static IReadOnlyList<string> RequiredQueryKeys(LaporStorageProvider provider) =>
        provider == LaporStorageProvider.Postgres
            ? [.. PersistenceQueryKeys, .. ReminderQueryKeys, .. ClusteringQueryKeys]
            : [.. PersistenceQueryKeys, .. ReminderQueryKeys];
}
