using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>The inbox index in <c>lapor_inbox</c> (db/*/002_index.sql).</summary>
public sealed class AdoNetInboxIndex(IndexDatabase database) : IInboxIndex
{
    private const string Columns =
        "complaint_id, status, role, title, category, step, due_ms, escalated, submitted_ms, updated_ms, warned_percent, kind, channel, region_code, due_key, provisional";

    private const string UpsertLine = """
        INSERT INTO lapor_inbox (agency_id, complaint_id, version, active, role, status, kind, channel, category, region_code,
                                 title, step, due_ms, due_key, escalated, warned_percent, provisional, submitted_ms, updated_ms)
        VALUES (@a, @c, @v, 1, @role, @status, @kind, @channel, @category, @region, @title, @step, @due, @dueKey, @escalated,
                @warned, @provisional, @submitted, @updated)
        ON CONFLICT (agency_id, complaint_id) DO UPDATE SET
            version = excluded.version, active = 1, role = excluded.role, status = excluded.status, kind = excluded.kind,
            channel = excluded.channel, category = excluded.category, region_code = excluded.region_code,
            title = excluded.title, step = excluded.step, due_ms = excluded.due_ms, due_key = excluded.due_key,
            escalated = excluded.escalated, warned_percent = excluded.warned_percent, provisional = excluded.provisional,
            submitted_ms = excluded.submitted_ms, updated_ms = excluded.updated_ms
        WHERE lapor_inbox.version < excluded.version
        """;

    private const string PreviousLine = "SELECT version, active FROM lapor_inbox WHERE agency_id = @a AND complaint_id = @c";

    private const int CountShards = 16;

    private const string MoveCount = """
        INSERT INTO lapor_inbox_count (agency_id, shard, active) VALUES (@a, @shard, @d)
        ON CONFLICT (agency_id, shard) DO UPDATE SET active = lapor_inbox_count.active + excluded.active
        """;

    private const string Depart = """
        INSERT INTO lapor_inbox (agency_id, complaint_id, version, active) VALUES (@a, @c, @v, 0)
        ON CONFLICT (agency_id, complaint_id) DO UPDATE SET version = excluded.version, active = 0
        WHERE lapor_inbox.version < excluded.version
        """;

    // PostgreSQL: the line and the count's move in one statement. Its CTEs see the table as it was before the statement,
    // so "previous" is the stored line the upsert replaces; when that line is as new or newer nothing returns from
    // "stored" and the count stays. One statement instead of four, held in the agency ledger's batch.
    private const string PreviousAndStored = "WITH previous AS (SELECT active FROM lapor_inbox WHERE agency_id = @a AND complaint_id = @c), stored AS (";

    private const string MoveCountAfterStored = """
         RETURNING 1)
        INSERT INTO lapor_inbox_count (agency_id, shard, active)
        SELECT @a, @shard, @active - COALESCE((SELECT active FROM previous), 0)
        WHERE EXISTS (SELECT 1 FROM stored) AND @active <> COALESCE((SELECT active FROM previous), 0)
        ON CONFLICT (agency_id, shard) DO UPDATE SET active = lapor_inbox_count.active + excluded.active
        """;

    private const string UpsertLinePostgres = PreviousAndStored + UpsertLine + MoveCountAfterStored;

    private const string DepartPostgres = PreviousAndStored + Depart + MoveCountAfterStored;

    /// <summary>
    /// Stores one line unless the stored row is as new or newer (the agency ledger's transaction, and the version-1
    /// migration), and moves the agency's active count by the line's change in the same transaction. The previous row is
    /// read first: only the agency's ledger writes its lines, one transaction at a time, so nothing else changes this
    /// (agency, complaint) row meanwhile.
    /// </summary>
    internal static async Task ApplyLineAsync(DbConnection connection, DbTransaction transaction, string complaintId, InboxLine line, CancellationToken ct)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            await ApplyLinePostgresAsync(connection, transaction, complaintId, line, ct);
            return;
        }

        long? storedVersion = null;
        var wasActive = false;
        await using (var command = Command(connection, transaction, PreviousLine, ("a", line.AgencyId), ("c", complaintId)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                storedVersion = reader.GetInt64(0);
                wasActive = reader.GetInt64(1) != 0;
            }
        }

        if (storedVersion >= (long)line.Version)
        {
            return;
        }

        int changed;
        if (line.Item is not { } item)
        {
            changed = await ExecuteAsync(connection, transaction, Depart, ct, ("a", line.AgencyId), ("c", complaintId), ("v", (long)line.Version));
        }
        else
        {
            changed = await ExecuteAsync(connection, transaction, UpsertLine, ct, LineParameters(line.AgencyId, complaintId, line.Version, item));
        }

        var delta = (line.Item is null ? 0 : 1) - (wasActive ? 1 : 0);
        if (changed > 0 && delta != 0)
        {
            await ExecuteAsync(connection, transaction, MoveCount, ct,
                ("a", line.AgencyId), ("shard", (long)CountShard(complaintId)), ("d", (long)delta));
        }
    }

    private static async Task<bool> ApplyLinePostgresAsync(DbConnection connection, DbTransaction? transaction, string complaintId, InboxLine line,
        CancellationToken ct)
    {
        var (sql, parameters) = LineStatementPostgres(complaintId, line);
        await ExecuteAsync(connection, transaction, sql, ct, parameters);
        return true;
    }

    /// <summary>The one PostgreSQL statement that stores a line with its count's move (held in the agency ledger's batch).</summary>
    internal static (string Sql, (string Name, object? Value)[] Parameters) LineStatementPostgres(string complaintId, InboxLine line)
    {
        var shard = (long)CountShard(complaintId);
        return line.Item is not { } item
            ? (DepartPostgres, [("a", line.AgencyId), ("c", complaintId), ("v", (long)line.Version), ("active", 0L), ("shard", shard)])
            : (UpsertLinePostgres, [.. LineParameters(line.AgencyId, complaintId, line.Version, item), ("active", 1L), ("shard", shard)]);
    }

    private static (string Name, object? Value)[] LineParameters(string agencyId, string complaintId, int version, InboxItem item) =>
    [
        ("a", agencyId), ("c", complaintId), ("v", (long)version), ("role", (long)item.Role),
        ("status", (long)item.Status), ("kind", (long)item.Kind), ("channel", (long)item.Channel),
        ("category", item.Category), ("region", item.RegionCode ?? ""), ("title", item.Title),
        ("step", item.Step is { } step ? (long)step : null), ("due", item.DueAt is { } due ? Ms(due) : null),
        ("dueKey", item.DueAt is { } key ? Ms(key) : long.MaxValue), ("escalated", item.Escalated ? 1L : 0L),
        ("warned", (long)item.WarnedPercent), ("provisional", item.ProvisionalDeadline ? 1L : 0L), ("submitted", Ms(item.SubmittedAt)),
        ("updated", Ms(item.UpdatedAt)),
    ];

    /// <summary>Spreads one agency's count over <see cref="CountShards"/> rows by a stable hash of the complaint id.</summary>
    internal static int CountShard(string complaintId)
    {
        var hash = 0u;
        foreach (var c in complaintId)
        {
            hash = (hash * 31) + c;
        }

        return (int)(hash % CountShards);
    }

    public Task<InboxPage> PageAsync(string agencyId, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var take = Math.Clamp(query.PageSize, 1, InboxQuery.MaxPageSize);
            var (sql, parameters) = PageSql(agencyId, query, now, take);
            var items = ImmutableArray.CreateBuilder<InboxItem>(take);
            long lastKey = 0;
            var more = false;
            // The page and the inbox's total in one round trip: two statements, two result sets.
            await using var command = Command(connection, null, sql + ";\n" + CountSql, [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (items.Count == take)
                {
                    // The one row past the page (LIMIT take + 1) says there is more.
                    more = true;
                    continue;
                }

                items.Add(Read(reader));
                lastKey = query.Sort == InboxSort.Due ? reader.GetInt64(14) : reader.GetInt64(8);
            }

            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            var total = Convert.ToInt32(reader.GetValue(0));
            return new InboxPage(total, items.ToImmutable())
            {
                NextCursor = more ? new InboxCursor(query.Sort, lastKey, items[^1].ComplaintId).Encode() : null,
            };
        }, cancellationToken);

    public Task<int> CountActiveAsync(string agencyId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, ct) => CountAsync(connection, agencyId, ct), cancellationToken);

    public Task<MonevBacklog> BacklogAsync(string agencyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            // Ages in whole days as MonevFacts.Backlog counts them: up to 3, 4–7, 8–14, 15–30, over 30.
            const string sql = """
                SELECT coalesce(sum(CASE WHEN submitted_ms >= @d3 THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN submitted_ms < @d3 AND submitted_ms >= @d7 THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN submitted_ms < @d7 AND submitted_ms >= @d14 THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN submitted_ms < @d14 AND submitted_ms >= @d30 THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN submitted_ms < @d30 THEN 1 ELSE 0 END), 0)
                  FROM lapor_inbox WHERE agency_id = @a AND active = 1
                """;
            await using var command = Command(connection, null, sql, ("a", agencyId), ("d3", Ms(now.AddDays(-3))),
                ("d7", Ms(now.AddDays(-7))), ("d14", Ms(now.AddDays(-14))), ("d30", Ms(now.AddDays(-30))));
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new MonevBacklog(Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)),
                Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4)));
        }, cancellationToken);

    private const string CountSql = "SELECT coalesce(sum(active), 0) FROM lapor_inbox_count WHERE agency_id = @a";

    private static async Task<int> CountAsync(DbConnection connection, string agencyId, CancellationToken ct)
    {
        await using var command = Command(connection, null, CountSql, ("a", agencyId));
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    private static (string Sql, List<(string, object?)> Parameters) PageSql(string agencyId, InboxQuery q, DateTimeOffset now, int take)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM lapor_inbox WHERE agency_id = @a AND active = 1");
        var parameters = new List<(string, object?)> { ("a", agencyId), ("take", (long)take + 1) };
        void Filter(string clause, string name, object value)
        {
            sql.Append(" AND ").Append(clause);
            parameters.Add((name, value));
        }

        if (q.Status is { } status) { Filter("status = @status", "status", (long)status); }
        if (q.WarnedAtLeast is { } warned) { Filter("warned_percent >= @warned", "warned", (long)warned); }
        if (q.Overdue is { } overdue)
        {
            Filter(overdue ? "due_ms < @now" : "(due_ms IS NULL OR due_ms >= @now)", "now", Ms(now));
        }

        if (q.Kind is { } kind) { Filter("kind = @kind", "kind", (long)kind); }
        if (q.Channel is { } channel) { Filter("channel = @channel", "channel", (long)channel); }
        if (q.Category is { Length: > 0 } category) { Filter("category = @category", "category", category); }
        if (q.RegionPrefix is { Length: > 0 } region)
        {
            // substr, not LIKE: a region code is matched literally, whatever characters it holds.
            Filter($"substr(region_code, 1, {region.Length}) = @region", "region", region);
        }

        if (q.SubmittedFrom is { } from) { Filter("submitted_ms >= @from", "from", Ms(from)); }
        if (q.SubmittedTo is { } to) { Filter("submitted_ms < @to", "to", Ms(to)); }

        var (key, descending) = q.Sort switch
        {
            InboxSort.Oldest => ("submitted_ms", false),
            InboxSort.Newest => ("submitted_ms", true),
            _ => ("due_key", false),
        };
        if (q.After is { } after && after.Sort == q.Sort)
        {
            sql.Append($" AND ({key}, complaint_id) {(descending ? "<" : ">")} (@afterKey, @afterId)");
            parameters.Add(("afterKey", after.Key));
            parameters.Add(("afterId", after.ComplaintId));
        }

        var direction = descending ? " DESC" : "";
        sql.Append($" ORDER BY {key}{direction}, complaint_id{direction} LIMIT @take");
        return (sql.ToString(), parameters);
    }

    private static InboxItem Read(DbDataReader r) => new(
        r.GetString(0), (ComplaintStatus)r.GetInt64(1), (InboxRole)r.GetInt64(2), r.GetString(3), r.GetString(4),
        r.IsDBNull(5) ? null : (DeadlineStep)r.GetInt64(5), r.IsDBNull(6) ? null : At(r.GetInt64(6)), r.GetInt64(7) != 0,
        At(r.GetInt64(8)), At(r.GetInt64(9)), (int)r.GetInt64(10))
    {
        Kind = (ReportKind)r.GetInt64(11),
        Channel = (Channel)r.GetInt64(12),
        RegionCode = r.GetString(13),
        ProvisionalDeadline = r.GetInt64(15) != 0,
    };
}
