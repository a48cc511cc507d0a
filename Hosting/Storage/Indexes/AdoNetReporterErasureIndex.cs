using Lapor.Grains.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary><c>lapor_reporter_erasure</c> (db/*/012_reporter_erasure.sql).</summary>
public sealed class AdoNetReporterErasureIndex(IndexDatabase database) : IReporterErasureIndex
{
    // Synced: a date is stored here before the complaint's state that sets it, so the row outlives a crash between them.
    public Task ScheduleAsync(string complaintId, DateTimeOffset? eraseAt, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction, ct) => eraseAt is { } at
            ? ExecuteAsync(connection, transaction, """
                INSERT INTO lapor_reporter_erasure (complaint_id, erase_at_ms) VALUES (@c, @at)
                ON CONFLICT (complaint_id) DO UPDATE SET erase_at_ms = excluded.erase_at_ms
                WHERE lapor_reporter_erasure.erase_at_ms <> excluded.erase_at_ms
                """, ct, ("c", complaintId), ("at", Ms(at)))
            : ExecuteAsync(connection, transaction, "DELETE FROM lapor_reporter_erasure WHERE complaint_id = @c", ct, ("c", complaintId)),
            cancellationToken);

    public Task<IReadOnlyList<ErasureDue>> DueAsync(DateTimeOffset now, ErasureDue? after, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ErasureDue>>(async (connection, ct) =>
        {
            await using var command = Command(connection, null, """
                SELECT complaint_id, erase_at_ms FROM lapor_reporter_erasure
                 WHERE erase_at_ms <= @now AND (erase_at_ms > @ams OR (erase_at_ms = @ams AND complaint_id > @aid))
                 ORDER BY erase_at_ms, complaint_id LIMIT @take
                """, ("now", Ms(now)), ("ams", after is null ? long.MinValue : Ms(after.EraseAt)), ("aid", after?.ComplaintId ?? ""),
                ("take", (long)Math.Clamp(take, 1, 1000)));
            var due = new List<ErasureDue>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                due.Add(new ErasureDue(reader.GetString(0), At(reader.GetInt64(1))));
            }

            return due;
        }, cancellationToken);
}
