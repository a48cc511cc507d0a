using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>The public list in <c>lapor_public</c> (db/*/008_public_index.sql).</summary>
public sealed class AdoNetPublicIndex(IndexDatabase database) : IPublicIndex
{
    private const string Upsert = """
        INSERT INTO lapor_public (complaint_id, version, published, title, title_lower, kind, category, status, agency_id,
                                  submitted_ms, updated_ms)
        VALUES (@c, @v, @published, @title, @lower, @kind, @category, @status, @agency, @submitted, @updated)
        ON CONFLICT (complaint_id) DO UPDATE SET
            version = excluded.version, published = excluded.published, title = excluded.title,
            title_lower = excluded.title_lower, kind = excluded.kind, category = excluded.category,
            status = excluded.status, agency_id = excluded.agency_id, submitted_ms = excluded.submitted_ms,
            updated_ms = excluded.updated_ms
        WHERE lapor_public.version < excluded.version
        """;

    private const string Withdraw = """
        INSERT INTO lapor_public (complaint_id, version, published) VALUES (@c, @v, 0)
        ON CONFLICT (complaint_id) DO UPDATE SET version = excluded.version, published = 0
        WHERE lapor_public.version < excluded.version
        """;

    public Task ApplyAsync(string complaintId, int version, PublicSummary? summary, CancellationToken cancellationToken = default) =>
        database.WriteFromOutboxAsync((connection, transaction, ct) => ApplyAsync(connection, transaction, complaintId, version, summary, ct), cancellationToken);

    /// <summary>Stores one line unless the stored row is as new or newer (also used by the migration of the old feed).</summary>
    internal static async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, string complaintId, int version,
        PublicSummary? summary, CancellationToken ct) =>
        summary is null
            ? await ExecuteAsync(connection, transaction, Withdraw, ct, ("c", complaintId), ("v", (long)version)) > 0
            : await ExecuteAsync(connection, transaction, Upsert, ct, ("c", complaintId), ("v", (long)version), ("published", 1L),
                ("title", summary.Title), ("lower", summary.Title.ToLowerInvariant()), ("kind", (long)summary.Kind),
                ("category", summary.Category), ("status", (long)summary.Status), ("agency", summary.AgencyId ?? ""),
                ("submitted", Ms(summary.SubmittedAt)), ("updated", Ms(summary.UpdatedAt))) > 0;

    public Task<PublicIndexPage> PageAsync(PublicQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var take = Math.Clamp(query.PageSize, 1, PublicQuery.MaxPageSize);
            var (sql, parameters) = PageSql(query, take);
            var items = ImmutableArray.CreateBuilder<PublicSummary>(take);
            var more = false;
            await using (var command = Command(connection, null, sql, [.. parameters]))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (items.Count == take)
                    {
                        more = true;
                        break;
                    }

                    var status = (ComplaintStatus)reader.GetInt64(4);
                    items.Add(new PublicSummary(reader.GetString(0), reader.GetString(1), (ReportKind)reader.GetInt64(2), reader.GetString(3),
                        status, StatusLabels.Label(status), reader.GetString(5) is { Length: > 0 } agency ? agency : null,
                        At(reader.GetInt64(6)), At(reader.GetInt64(7))));
                }
            }

            var next = more ? new InboxCursor(InboxSort.Newest, Ms(items[^1].SubmittedAt), items[^1].Id).Encode() : null;
            return new PublicIndexPage(items.ToImmutable(), next);
        }, cancellationToken);

    private static (string Sql, List<(string, object?)> Parameters) PageSql(PublicQuery q, int take)
    {
        var sql = new StringBuilder("SELECT complaint_id, title, kind, category, status, agency_id, submitted_ms, updated_ms FROM lapor_public WHERE ");
        var parameters = new List<(string, object?)> { ("take", (long)take + 1) };
        // With an agency the per-agency index leads; otherwise the newest-first one.
        sql.Append(q.AgencyId is { } agency ? "agency_id = @agency AND published = 1" : "published = 1");
        if (q.AgencyId is not null)
        {
            parameters.Add(("agency", q.AgencyId));
        }

        void Filter(string clause, string name, object value)
        {
            sql.Append(" AND ").Append(clause);
            parameters.Add((name, value));
        }

        if (q.Categories is { Count: > 0 } categories)
        {
            var names = categories.Select((c, i) => (Name: $"cat{i}", Value: c)).ToList();
            sql.Append(" AND category IN (").AppendJoin(", ", names.Select(n => "@" + n.Name)).Append(')');
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Value)));
        }

        if (q.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND status IN (").AppendJoin(", ", statuses.Select(s => ((long)s).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(')');
        }

        if (q.Kind is { } kind) { Filter("kind = @kind", "kind", (long)kind); }
        if (q.SubmittedFrom is { } from) { Filter("submitted_ms >= @from", "from", Ms(from)); }
        if (q.SubmittedTo is { } to) { Filter("submitted_ms <= @to", "to", Ms(to)); }
        if (q.Text is { Length: > 0 } text)
        {
            // Literal substring match: LIKE's wildcards in the text are escaped.
            Filter("title_lower LIKE @text ESCAPE '!'", "text", Containing(text.ToLowerInvariant()));
        }

        if (q.After is { } after)
        {
            sql.Append(" AND (submitted_ms, complaint_id) < (@afterKey, @afterId)");
            parameters.Add(("afterKey", after.Key));
            parameters.Add(("afterId", after.ComplaintId));
        }

        sql.Append(" ORDER BY submitted_ms DESC, complaint_id DESC LIMIT @take");
        return (sql.ToString(), parameters);
    }
}
