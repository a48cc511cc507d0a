using System.Collections.Immutable;
using System.Data.Common;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>
/// Agencies' monev days, totals and escalations in <c>lapor_monev_day</c>, <c>lapor_agency_counters</c> and
/// <c>lapor_escalation</c>, with the per-complaint monev version in <c>lapor_inbox</c> (db/*/002_index.sql). Figures
/// are stored with Orleans' serializer, so their <c>[Id]</c>s make them version tolerant like grain state.
/// </summary>
public sealed class AdoNetAgencyLedger(IndexDatabase database, Serializer serializer) : IAgencyLedger
{
    internal const string RaiseMonevVersion = """
        INSERT INTO lapor_inbox (agency_id, complaint_id, monev_version) VALUES (@a, @c, @v)
        ON CONFLICT (agency_id, complaint_id) DO UPDATE SET monev_version = excluded.monev_version
        WHERE lapor_inbox.monev_version < excluded.monev_version
        """;

    public Task<IReadOnlyDictionary<int, (long Revision, MonevFigures Figures)>> ReadDaysAsync(string agencyId, int fromDay, int toDay,
        CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyDictionary<int, (long, MonevFigures)>>(async (connection, ct) =>
        {
            var days = new Dictionary<int, (long, MonevFigures)>();
            await using var command = Command(connection, null,
                "SELECT day, revision, figures FROM lapor_monev_day WHERE agency_id = @a AND day >= @f AND day <= @t",
                ("a", agencyId), ("f", (long)fromDay), ("t", (long)toDay));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                days[(int)reader.GetInt64(0)] = (reader.GetInt64(1), serializer.Deserialize<MonevFigures>((byte[])reader.GetValue(2))!);
            }

            return days;
        }, cancellationToken);

    public Task<LedgerWrite?> CommitAsync(string agencyId, IReadOnlyList<LedgerEntry> entries,
        Func<IReadOnlyList<LedgerEntry>, Task<LedgerWrite>> plan, CancellationToken cancellationToken = default) =>
        database.WriteAsync<LedgerWrite?>(async (connection, transaction, ct) =>
        {
            var fresh = new List<LedgerEntry>(entries.Count);
            foreach (var entry in entries)
            {
                if (await ExecuteAsync(connection, transaction, RaiseMonevVersion, ct,
                        ("a", agencyId), ("c", entry.ComplaintId), ("v", (long)entry.Version)) > 0)
                {
                    fresh.Add(entry);
                }
            }

            if (fresh.Count == 0)
            {
                return null;
            }

            var write = await plan(fresh);
            foreach (var day in write.Days)
            {
                await WriteDayAsync(connection, transaction, agencyId, day, ct);
            }

            if (!write.Counters.IsZero() || !write.Escalations.IsEmpty)
            {
                var c = write.Counters;
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO lapor_agency_counters (agency_id, received, followed_up, resolved, breached, escalated, escalations_received)
                    VALUES (@a, @r, @f, @s, @b, @e, @x)
                    ON CONFLICT (agency_id) DO UPDATE SET
                        received = lapor_agency_counters.received + excluded.received,
                        followed_up = lapor_agency_counters.followed_up + excluded.followed_up,
                        resolved = lapor_agency_counters.resolved + excluded.resolved,
                        breached = lapor_agency_counters.breached + excluded.breached,
                        escalated = lapor_agency_counters.escalated + excluded.escalated,
                        escalations_received = lapor_agency_counters.escalations_received + excluded.escalations_received
                    """, ct, ("a", agencyId), ("r", c.Received), ("f", c.FollowedUp), ("s", c.Resolved), ("b", c.Breached),
                    ("e", c.Escalated), ("x", (long)write.Escalations.Length));
            }

            foreach (var escalation in write.Escalations)
            {
                await InsertEscalationAsync(connection, transaction, agencyId, escalation, ct);
            }

            return write;
        }, cancellationToken);

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

    public Task ReplaceMonevAsync(string agencyId, RebuiltMonev rebuilt, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            // New rows get a revision above every old one, so a stale cache elsewhere can never write over them.
            long revision;
            await using (var command = Command(connection, transaction,
                             "SELECT coalesce(max(revision), 0) FROM lapor_monev_day WHERE agency_id = @a", ("a", agencyId)))
            {
                revision = Convert.ToInt64(await command.ExecuteScalarAsync(ct)) + 1;
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM lapor_monev_day WHERE agency_id = @a", ct, ("a", agencyId));
            foreach (var (day, figures) in rebuilt.Days)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO lapor_monev_day (agency_id, day, revision, figures) VALUES (@a, @d, @r, @f)", ct,
                    ("a", agencyId), ("d", (long)day), ("r", revision), ("f", serializer.SerializeToArray(figures)));
            }

            foreach (var (complaintId, version) in rebuilt.Versions)
            {
                await ExecuteAsync(connection, transaction, RaiseMonevVersion, ct, ("a", agencyId), ("c", complaintId), ("v", (long)version));
            }

            return true;
        }, cancellationToken);

    /// <summary>Records an escalation once (also used by the version-1 migration).</summary>
    internal static Task InsertEscalationAsync(DbConnection connection, DbTransaction transaction, string agencyId, EscalationRecord e,
        CancellationToken ct) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO lapor_escalation (agency_id, complaint_id, at_ms, step, from_agency_id, missed_due_ms, national_intervention)
            VALUES (@a, @c, @at, @step, @from, @missed, @ni)
            ON CONFLICT (agency_id, at_ms, complaint_id) DO NOTHING
            """, ct, ("a", agencyId), ("c", e.ComplaintId), ("at", Ms(e.At)), ("step", (long)e.Step), ("from", e.FromAgencyId),
            ("missed", Ms(e.MissedDueAt)), ("ni", e.NationalIntervention ? 1L : 0L));

    private async Task WriteDayAsync(DbConnection connection, DbTransaction transaction, string agencyId, DayWrite day, CancellationToken ct)
    {
        var figures = serializer.SerializeToArray(day.Figures);
        var written = day.ExpectedRevision == 0
            ? await ExecuteAsync(connection, transaction, """
                INSERT INTO lapor_monev_day (agency_id, day, revision, figures) VALUES (@a, @d, 1, @f)
                ON CONFLICT (agency_id, day) DO NOTHING
                """, ct, ("a", agencyId), ("d", (long)day.Day), ("f", figures))
            : await ExecuteAsync(connection, transaction, """
                UPDATE lapor_monev_day SET revision = revision + 1, figures = @f
                 WHERE agency_id = @a AND day = @d AND revision = @r
                """, ct, ("a", agencyId), ("d", (long)day.Day), ("r", day.ExpectedRevision), ("f", figures));
        if (written != 1)
        {
            throw new InvalidOperationException(
                $"Monev day {day.Day} of agency {agencyId} changed under this activation (revision {day.ExpectedRevision}); reloading.");
        }
    }
}
