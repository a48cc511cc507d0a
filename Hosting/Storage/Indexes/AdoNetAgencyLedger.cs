using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>
/// Agencies' monev figures, backlog lines, roll-up node, outbox and links (db/*/003_monev_rollup.sql), totals and
/// escalations (<c>lapor_agency_counters</c>, <c>lapor_escalation</c>), with the per-complaint monev version in
/// <c>lapor_inbox</c> (db/*/002_index.sql). Figures and deltas are stored with Orleans' serializer, so their
/// <c>[Id]</c>s make them version tolerant like grain state.
/// </summary>
public sealed class AdoNetAgencyLedger(IndexDatabase database, Serializer serializer) : IAgencyLedger
{
    internal const string RaiseMonevVersion = """
        INSERT INTO lapor_inbox (agency_id, complaint_id, monev_version) VALUES (@a, @c, @v)
        ON CONFLICT (agency_id, complaint_id) DO UPDATE SET monev_version = excluded.monev_version
        WHERE lapor_inbox.monev_version < excluded.monev_version
        """;

    /// <summary>
    /// <see cref="RaiseMonevVersion"/> and then, for the fresh ones, the backlog line, for a batch of distinct complaints
    /// (PostgreSQL): one row per fresh notice with the hour its line arrived at or left from.
    /// </summary>
    private const string RecordNoticesPostgres = """
        WITH input AS (
            SELECT * FROM unnest(@c::text[], @v::bigint[], @h::bigint[]) AS i(complaint_id, version, hour)
        ), raised AS (
            INSERT INTO lapor_inbox (agency_id, complaint_id, monev_version)
            SELECT @a, complaint_id, version FROM input
            ON CONFLICT (agency_id, complaint_id) DO UPDATE SET monev_version = excluded.monev_version
            WHERE lapor_inbox.monev_version < excluded.monev_version
            RETURNING complaint_id
        ), arrived AS (
            INSERT INTO lapor_monev_line (agency_id, complaint_id, hour)
            SELECT @a, i.complaint_id, i.hour FROM input i JOIN raised r ON r.complaint_id = i.complaint_id WHERE i.hour IS NOT NULL
            ON CONFLICT (agency_id, complaint_id) DO NOTHING
            RETURNING complaint_id, hour
        ), departed AS (
            DELETE FROM lapor_monev_line l USING input i, raised r
             WHERE l.agency_id = @a AND l.complaint_id = i.complaint_id AND r.complaint_id = i.complaint_id AND i.hour IS NULL
            RETURNING l.complaint_id, l.hour
        )
        SELECT r.complaint_id, a.hour, d.hour
          FROM raised r LEFT JOIN arrived a ON a.complaint_id = r.complaint_id LEFT JOIN departed d ON d.complaint_id = r.complaint_id
        """;

    internal const string AddBacklog = """
        INSERT INTO lapor_monev_backlog (agency_id, scope, hour, lines) VALUES (@a, @s, @h, @n)
        ON CONFLICT (agency_id, scope, hour) DO UPDATE SET lines = lapor_monev_backlog.lines + excluded.lines
        """;

    private Serializer Codec => serializer;

    public Task<T> TransactAsync<T>(string agencyId, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        database.WriteFromOutboxAsync(async (connection, transaction, ct) =>
        {
            var tx = new Transaction(this, agencyId, connection, transaction, ct);
            var result = await work(tx);
            await tx.FlushAsync();
            return result;
        }, cancellationToken);

    public Task<(IReadOnlyDictionary<int, MonevFigures> Months, IReadOnlyDictionary<int, MonevFigures> Days)> ReadFiguresAsync(string agencyId,
        int scope, MonevReadPlan plan, CancellationToken cancellationToken = default) =>
        database.ReadAsync<(IReadOnlyDictionary<int, MonevFigures>, IReadOnlyDictionary<int, MonevFigures>)>(async (connection, ct) =>
        {
            var months = new Dictionary<int, MonevFigures>();
            var days = new Dictionary<int, MonevFigures>();
            var sql = new StringBuilder("SELECT period, start, figures FROM lapor_monev_sum WHERE agency_id = @a AND scope = @s AND (");
            var parameters = new List<(string, object?)> { ("a", agencyId), ("s", (long)scope) };
            var clauses = new List<string>();
            if (!plan.Months.IsEmpty)
            {
                clauses.Add("(period = 1 AND start >= @m0 AND start <= @m1)");
                parameters.Add(("m0", (long)plan.Months[0]));
                parameters.Add(("m1", (long)plan.Months[^1]));
            }

            for (var i = 0; i < plan.DayRanges.Length; i++)
            {
                clauses.Add($"(period = 0 AND start >= @d{i}f AND start <= @d{i}t)");
                parameters.Add(($"d{i}f", (long)plan.DayRanges[i].From));
                parameters.Add(($"d{i}t", (long)plan.DayRanges[i].To));
            }

            if (clauses.Count == 0)
            {
                return (months, days);
            }

            sql.Append(string.Join(" OR ", clauses)).Append(')');
            await using var command = Command(connection, null, sql.ToString(), [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var figures = serializer.Deserialize<MonevFigures>((byte[])reader.GetValue(2))!;
                (reader.GetInt64(0) == MonevRollup.MonthPeriod ? months : days)[(int)reader.GetInt64(1)] = figures;
            }

            return (months, days);
        }, cancellationToken);

    public Task<MonevBacklog> ReadBacklogAsync(string agencyId, int scope, (int Day3, int Day7, int Day14, int Day30) bounds,
        CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            const string sql = """
                SELECT coalesce(sum(CASE WHEN hour >= @d3 THEN lines ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN hour < @d3 AND hour >= @d7 THEN lines ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN hour < @d7 AND hour >= @d14 THEN lines ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN hour < @d14 AND hour >= @d30 THEN lines ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN hour < @d30 THEN lines ELSE 0 END), 0)
                  FROM lapor_monev_backlog WHERE agency_id = @a AND scope = @s
                """;
            await using var command = Command(connection, null, sql, ("a", agencyId), ("s", (long)scope), ("d3", (long)bounds.Day3),
                ("d7", (long)bounds.Day7), ("d14", (long)bounds.Day14), ("d30", (long)bounds.Day30));
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new MonevBacklog(Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)),
                Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4)));
        }, cancellationToken);

    public Task<MonevNode?> ReadNodeAsync(string agencyId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, ct) => ReadNodeAsync(connection, null, agencyId, ct), cancellationToken);

    public Task<(AgencyCounters Counters, int EscalationsReceived)> ReadTotalsAsync(string agencyId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, null, """
                SELECT received, followed_up, resolved, breached, escalated, escalations_received
                  FROM lapor_agency_counters WHERE agency_id = @a
                """, ("a", agencyId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? (new AgencyCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)),
                    (int)reader.GetInt64(5))
                : (AgencyCounters.Zero, 0);
        }, cancellationToken);

    public Task<ImmutableArray<EscalationRecord>> ReadEscalationsAsync(string agencyId, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var records = ImmutableArray.CreateBuilder<EscalationRecord>();
            await using var command = Command(connection, null, """
                SELECT complaint_id, step, from_agency_id, at_ms, missed_due_ms, national_intervention
                  FROM lapor_escalation WHERE agency_id = @a ORDER BY at_ms DESC, complaint_id DESC LIMIT @take
                """, ("a", agencyId), ("take", (long)take));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                records.Add(new EscalationRecord(reader.GetString(0), (DeadlineStep)reader.GetInt64(1), reader.GetString(2),
                    At(reader.GetInt64(3)), At(reader.GetInt64(4)), reader.GetInt64(5) != 0));
            }

            return records.ToImmutable();
        }, cancellationToken);

    public Task<ImmutableArray<string>> MonevComplaintIdsAsync(string agencyId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var ids = ImmutableArray.CreateBuilder<string>();
            await using var command = Command(connection, null,
                "SELECT complaint_id FROM lapor_inbox WHERE agency_id = @a AND monev_version > 0 ORDER BY complaint_id", ("a", agencyId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }

            return ids.ToImmutable();
        }, cancellationToken);

    /// <summary>Records an escalation once (also used by the version-1 migration).</summary>
    internal static Task InsertEscalationAsync(DbConnection connection, DbTransaction transaction, string agencyId, EscalationRecord e,
        CancellationToken ct) =>
        ExecuteAsync(connection, transaction, InsertEscalation, ct, EscalationParameters(agencyId, e));

    private const string InsertEscalation = """
        INSERT INTO lapor_escalation (agency_id, complaint_id, at_ms, step, from_agency_id, missed_due_ms, national_intervention)
        VALUES (@a, @c, @at, @step, @from, @missed, @ni)
        ON CONFLICT (agency_id, at_ms, complaint_id) DO NOTHING
        """;

    private static (string, object?)[] EscalationParameters(string agencyId, EscalationRecord e) =>
        [("a", agencyId), ("c", e.ComplaintId), ("at", Ms(e.At)), ("step", (long)e.Step), ("from", e.FromAgencyId),
            ("missed", Ms(e.MissedDueAt)), ("ni", e.NationalIntervention ? 1L : 0L)];

    /// <summary>Writes one figures row at the next revision (also used by the version-3 migration).</summary>
    internal static async Task WriteSumAsync(DbConnection connection, DbTransaction transaction, string agencyId, SumKey key, long expectedRevision,
        byte[] figures, CancellationToken ct)
    {
        var (sql, parameters, failure) = SumWrite(agencyId, key, expectedRevision, figures);
        if (await ExecuteAsync(connection, transaction, sql, ct, parameters) != 1)
        {
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>The statement that writes a figures row at the next revision; it must change exactly one row, else the failure.</summary>
    private static (string Sql, (string, object?)[] Parameters, string Failure) SumWrite(string agencyId, SumKey key, long expectedRevision,
        byte[] figures) =>
        (expectedRevision == 0
            ? """
                INSERT INTO lapor_monev_sum (agency_id, scope, period, start, revision, figures) VALUES (@a, @s, @p, @d, 1, @f)
                ON CONFLICT (agency_id, scope, period, start) DO NOTHING
                """
            : """
                UPDATE lapor_monev_sum SET revision = revision + 1, figures = @f
                 WHERE agency_id = @a AND scope = @s AND period = @p AND start = @d AND revision = @r
                """,
            expectedRevision == 0
                ? [("a", agencyId), ("s", (long)key.Scope), ("p", (long)key.Period), ("d", (long)key.Start), ("f", figures)]
                : [("a", agencyId), ("s", (long)key.Scope), ("p", (long)key.Period), ("d", (long)key.Start), ("r", expectedRevision), ("f", figures)],
            $"Monev row {key} of agency {agencyId} changed under this activation (revision {expectedRevision}); reloading.");

    /// <summary>Creates or replaces an agency's roll-up node (also used by the version-3 migration).</summary>
    internal static Task WriteNodeAsync(DbConnection connection, DbTransaction transaction, string agencyId, MonevNode node, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, WriteNode, ct, NodeParameters(agencyId, node));

    private const string WriteNode = """
        INSERT INTO lapor_monev_node (agency_id, parent_id, next_seq, agencies) VALUES (@a, @p, @n, @g)
        ON CONFLICT (agency_id) DO UPDATE SET parent_id = excluded.parent_id, next_seq = excluded.next_seq, agencies = excluded.agencies
        """;

    private static (string, object?)[] NodeParameters(string agencyId, MonevNode node) =>
        [("a", agencyId), ("p", node.ParentId), ("n", node.NextSeq), ("g", (long)node.Agencies)];

    private static async Task<MonevNode?> ReadNodeAsync(DbConnection connection, DbTransaction? transaction, string agencyId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT parent_id, next_seq, agencies FROM lapor_monev_node WHERE agency_id = @a",
            ("a", agencyId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MonevNode(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), (int)reader.GetInt64(2))
            : null;
    }

    /// <summary>
    /// One ledger transaction. On PostgreSQL the writes whose answer nothing waits for (inbox lines, figures, backlog,
    /// totals, node, outbox) are held and sent together in one batch before the next read and before the commit: one round trip
    /// instead of one each. A figures row that changed underneath fails the batch, and with it the transaction.
    /// </summary>
    private sealed class Transaction(AdoNetAgencyLedger ledger, string agencyId, DbConnection connection, DbTransaction transaction,
        CancellationToken ct) : ILedgerTransaction
    {
        private readonly List<HeldWrite> _held = [];

        private Serializer Serializer => ledger.Codec;

        /// <summary>Sends the held writes (in order, one batch) and checks the rows each one had to change.</summary>
        public Task FlushAsync() => _held.Count == 0 ? Task.CompletedTask : SendHeldAsync(null, null);

        /// <summary>
        /// Sends the held writes and then <paramref name="query"/> in the same batch (one round trip), hands the query's
        /// rows to <paramref name="read"/>, and checks the rows each write had to change.
        /// </summary>
        private async Task SendHeldAsync((string Sql, (string Name, object? Value)[] Parameters)? query, Func<DbDataReader, Task>? read)
        {
            var held = _held.ToArray();
            _held.Clear();
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (sql, parameters) in held.Select(w => (w.Sql, w.Parameters)).Concat(query is { } q ? [q] : []))
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                AddParameters(command.Parameters, command.CreateParameter, parameters);
                batch.BatchCommands.Add(command);
            }

            if (read is null)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            else
            {
                await using var reader = await batch.ExecuteReaderAsync(ct);
                await read(reader);
            }

            for (var i = 0; i < held.Length; i++)
            {
                if (held[i].Failure is { } failure && batch.BatchCommands[i].RecordsAffected != 1)
                {
                    throw new InvalidOperationException(failure);
                }
            }
        }

        /// <summary>A write nothing reads the answer of: held on PostgreSQL, run at once on SQLite (no round trip to save).</summary>
        private async Task WriteLaterAsync(string sql, string? failureUnlessOneRow, params (string Name, object? Value)[] parameters)
        {
            if (connection is Npgsql.NpgsqlConnection)
            {
                _held.Add(new HeldWrite(sql, parameters, failureUnlessOneRow));
                return;
            }

            var changed = await ExecuteAsync(connection, transaction, sql, ct, parameters);
            if (failureUnlessOneRow is not null && changed != 1)
            {
                throw new InvalidOperationException(failureUnlessOneRow);
            }
        }

        public async Task<bool> RaiseMonevVersionAsync(string complaintId, int version)
        {
            await FlushAsync();
            return await ExecuteAsync(connection, transaction, RaiseMonevVersion, ct, ("a", agencyId), ("c", complaintId), ("v", (long)version)) > 0;
        }

        public async Task<IReadOnlyList<NoticeRecorded>> RecordNoticesAsync(IReadOnlyList<NoticeToRecord> notices)
        {
            if (connection is not Npgsql.NpgsqlConnection)
            {
                var outcomes = new List<NoticeRecorded>(notices.Count);
                foreach (var notice in notices)
                {
                    outcomes.Add(await RaiseMonevVersionAsync(notice.ComplaintId, notice.Version)
                        ? new NoticeRecorded(true, await SetLineAsync(notice.ComplaintId, notice.Hour))
                        : new NoticeRecorded(false, null));
                }

                return outcomes;
            }

            // With the writes held so far (the batch's inbox lines among them) in the same round trip.
            var fresh = new Dictionary<string, (int Hour, int Lines)?>(StringComparer.Ordinal);
            await SendHeldAsync((RecordNoticesPostgres, [("a", agencyId),
                ("c", notices.Select(n => n.ComplaintId).ToArray()), ("v", notices.Select(n => (long)n.Version).ToArray()),
                ("h", notices.Select(n => (long?)n.Hour).ToArray())]), async reader =>
            {
                while (await reader.ReadAsync(ct))
                {
                    fresh[reader.GetString(0)] = !reader.IsDBNull(1) ? ((int)reader.GetInt64(1), 1)
                        : !reader.IsDBNull(2) ? ((int)reader.GetInt64(2), -1)
                        : null;
                }
            });

            return [.. notices.Select(n => fresh.TryGetValue(n.ComplaintId, out var line) ? new NoticeRecorded(true, line) : new NoticeRecorded(false, null))];
        }

        public async Task StoreInboxLinesAsync(IReadOnlyList<(string ComplaintId, int Version, InboxItem? Item)> lines)
        {
            foreach (var (complaintId, version, item) in lines)
            {
                var line = new InboxLine(agencyId, version, item);
                if (connection is Npgsql.NpgsqlConnection)
                {
                    var (sql, parameters) = AdoNetInboxIndex.LineStatementPostgres(complaintId, line);
                    _held.Add(new HeldWrite(sql, parameters, null));
                }
                else
                {
                    await AdoNetInboxIndex.ApplyLineAsync(connection, transaction, complaintId, line, ct);
                }
            }
        }

        public async Task<(int Hour, int Lines)?> SetLineAsync(string complaintId, int? hour)
        {
            await FlushAsync();
            if (hour is { } h)
            {
                var inserted = await ExecuteAsync(connection, transaction, """
                    INSERT INTO lapor_monev_line (agency_id, complaint_id, hour) VALUES (@a, @c, @h)
                    ON CONFLICT (agency_id, complaint_id) DO NOTHING
                    """, ct, ("a", agencyId), ("c", complaintId), ("h", (long)h));
                return inserted == 1 ? (h, 1) : null;
            }

            await using var command = Command(connection, transaction,
                "DELETE FROM lapor_monev_line WHERE agency_id = @a AND complaint_id = @c RETURNING hour", ("a", agencyId), ("c", complaintId));
            var left = await command.ExecuteScalarAsync(ct);
            return left is null or DBNull ? null : ((int)Convert.ToInt64(left), -1);
        }

        public async Task<bool> RaiseLinkAsync(string childId, long seq)
        {
            await FlushAsync();
            return await ExecuteAsync(connection, transaction, """
                INSERT INTO lapor_monev_link (parent_id, child_id, seq) VALUES (@p, @c, @s)
                ON CONFLICT (parent_id, child_id) DO UPDATE SET seq = excluded.seq WHERE lapor_monev_link.seq < excluded.seq
                """, ct, ("p", agencyId), ("c", childId), ("s", seq)) > 0;
        }

        public async Task<IReadOnlyDictionary<SumKey, (long Revision, MonevFigures Figures)>> ReadSumsAsync(IReadOnlyCollection<SumKey> keys)
        {
            await FlushAsync();
            var rows = new Dictionary<SumKey, (long, MonevFigures)>();
            foreach (var group in keys.GroupBy(k => (k.Scope, k.Period)))
            {
                // One statement per (scope, period), the wanted starts inlined as integers (never text from outside).
                var starts = string.Join(",", group.Select(k => k.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                await using var command = Command(connection, transaction,
                    $"SELECT start, revision, figures FROM lapor_monev_sum WHERE agency_id = @a AND scope = @s AND period = @p AND start IN ({starts})",
                    ("a", agencyId), ("s", (long)group.Key.Scope), ("p", (long)group.Key.Period));
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows[new SumKey(group.Key.Scope, group.Key.Period, (int)reader.GetInt64(0))] =
                        (reader.GetInt64(1), Serializer.Deserialize<MonevFigures>((byte[])reader.GetValue(2))!);
                }
            }

            return rows;
        }

        public async Task<IReadOnlyDictionary<SumKey, (long Revision, MonevFigures Figures)>> ReadAllSumsAsync(int scope, int period)
        {
            await FlushAsync();
            var rows = new Dictionary<SumKey, (long, MonevFigures)>();
            await using var command = Command(connection, transaction,
                "SELECT start, revision, figures FROM lapor_monev_sum WHERE agency_id = @a AND scope = @s AND period = @p",
                ("a", agencyId), ("s", (long)scope), ("p", (long)period));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows[new SumKey(scope, period, (int)reader.GetInt64(0))] =
                    (reader.GetInt64(1), Serializer.Deserialize<MonevFigures>((byte[])reader.GetValue(2))!);
            }

            return rows;
        }

        public Task WriteSumAsync(SumKey key, long expectedRevision, MonevFigures figures)
        {
            var (sql, parameters, failure) = SumWrite(agencyId, key, expectedRevision, Serializer.SerializeToArray(figures));
            return WriteLaterAsync(sql, failure, parameters);
        }

        public Task AddBacklogAsync(int scope, int hour, long lines) =>
            lines == 0 ? Task.CompletedTask : WriteLaterAsync(AddBacklog, null, ("a", agencyId), ("s", (long)scope), ("h", (long)hour), ("n", lines));

        public async Task<IReadOnlyDictionary<int, long>> ReadBacklogAsync(int scope)
        {
            await FlushAsync();
            var lines = new Dictionary<int, long>();
            await using var command = Command(connection, transaction,
                "SELECT hour, lines FROM lapor_monev_backlog WHERE agency_id = @a AND scope = @s AND lines <> 0", ("a", agencyId), ("s", (long)scope));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                lines[(int)reader.GetInt64(0)] = reader.GetInt64(1);
            }

            return lines;
        }

        public async Task<MonevNode?> ReadNodeAsync()
        {
            await FlushAsync();
            return await AdoNetAgencyLedger.ReadNodeAsync(connection, transaction, agencyId, ct);
        }

        public Task WriteNodeAsync(MonevNode node) => WriteLaterAsync(WriteNode, null, NodeParameters(agencyId, node));

        public Task AppendOutboxAsync(PendingPush entry) =>
            WriteLaterAsync("INSERT INTO lapor_monev_outbox (agency_id, seq, parent_id, delta) VALUES (@a, @s, @p, @d)", null,
                ("a", agencyId), ("s", entry.Seq), ("p", entry.ParentId), ("d", Serializer.SerializeToArray(entry.Delta)));

        public async Task<IReadOnlyList<PendingPush>> ReadOutboxAsync()
        {
            await FlushAsync();
            var entries = new List<PendingPush>();
            await using var command = Command(connection, transaction,
                "SELECT seq, parent_id, delta FROM lapor_monev_outbox WHERE agency_id = @a ORDER BY seq", ("a", agencyId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new PendingPush(reader.GetInt64(0), reader.GetString(1), Serializer.Deserialize<MonevDelta>((byte[])reader.GetValue(2))!));
            }

            return entries;
        }

        public Task DeleteOutboxAsync(long seq) =>
            WriteLaterAsync("DELETE FROM lapor_monev_outbox WHERE agency_id = @a AND seq <= @s", null, ("a", agencyId), ("s", seq));

        public async Task AddTotalsAsync(AgencyCounters counters, IReadOnlyCollection<EscalationRecord> escalations)
        {
            if (counters.IsZero() && escalations.Count == 0)
            {
                return;
            }

            var c = counters;
            await WriteLaterAsync("""
                INSERT INTO lapor_agency_counters (agency_id, received, followed_up, resolved, breached, escalated, escalations_received)
                VALUES (@a, @r, @f, @s, @b, @e, @x)
                ON CONFLICT (agency_id) DO UPDATE SET
                    received = lapor_agency_counters.received + excluded.received,
                    followed_up = lapor_agency_counters.followed_up + excluded.followed_up,
                    resolved = lapor_agency_counters.resolved + excluded.resolved,
                    breached = lapor_agency_counters.breached + excluded.breached,
                    escalated = lapor_agency_counters.escalated + excluded.escalated,
                    escalations_received = lapor_agency_counters.escalations_received + excluded.escalations_received
                """, null, ("a", agencyId), ("r", c.Received), ("f", c.FollowedUp), ("s", c.Resolved), ("b", c.Breached),
                ("e", c.Escalated), ("x", (long)escalations.Count));
            foreach (var escalation in escalations)
            {
                await WriteLaterAsync(InsertEscalation, null, EscalationParameters(agencyId, escalation));
            }
        }
    }

    /// <summary>A write held for the transaction's next batch; <see cref="Failure"/> unless it changes exactly one row.</summary>
    private sealed record HeldWrite(string Sql, (string Name, object? Value)[] Parameters, string? Failure);
}
