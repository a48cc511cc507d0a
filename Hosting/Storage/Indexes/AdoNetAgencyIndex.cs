using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>The agency directory in <c>lapor_agencies</c> (db/*/010_agency_directory.sql).</summary>
public sealed class AdoNetAgencyIndex(IndexDatabase database) : IAgencyIndex
{
    private const string Upsert = """
        INSERT INTO lapor_agencies (agency_id, revision, name, name_lower, level, zone, parent_id)
        VALUES (@id, @revision, @name, @lower, @level, @zone, @parent)
        ON CONFLICT (agency_id) DO UPDATE SET
            revision = excluded.revision, name = excluded.name, name_lower = excluded.name_lower, level = excluded.level,
            zone = excluded.zone, parent_id = excluded.parent_id
        WHERE lapor_agencies.revision < excluded.revision
        """;

    private const string Columns = """
        SELECT a.agency_id, a.name, a.level, a.zone, a.parent_id, p.name, a.name_lower
          FROM lapor_agencies a LEFT JOIN lapor_agencies p ON p.agency_id = a.parent_id
        """;

    // The agency's grain repeats the write until its state says it is listed, so it need not wait for the log's sync.
    public Task ApplyAsync(AgencyProfile profile, int revision, CancellationToken cancellationToken = default) =>
        database.WriteFromOutboxAsync((connection, transaction, ct) => ApplyAsync(connection, transaction, profile, revision, ct), cancellationToken);

    /// <summary>Stores one row unless the stored one is as new or newer (also used by the schema's backfill).</summary>
    internal static async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, AgencyProfile profile, int revision,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return await ExecuteAsync(connection, transaction, Upsert, ct, ("id", profile.Id), ("revision", (long)revision), ("name", profile.Name),
            ("lower", profile.Name.ToLowerInvariant()), ("level", (long)profile.Level), ("zone", (long)profile.Zone),
            ("parent", profile.ParentId ?? "")) > 0;
    }

    public Task<AgencyIndexPage> SearchAsync(AgencySearch query, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            ArgumentNullException.ThrowIfNull(query);
            var take = Math.Clamp(query.PageSize, 1, AgencySearch.MaxPageSize);
            var sql = new StringBuilder(Columns).Append(" WHERE 1 = 1");
            var parameters = new List<(string, object?)> { ("take", (long)take + 1) };
            if (query.ParentId is { } parent)
            {
                sql.Append(" AND a.parent_id = @parent");
                parameters.Add(("parent", parent));
            }

            // Each word must appear in the agency's name or its parent's ("perhubungan malang" finds the Dinas
            // Perhubungan below Kota Malang), as a literal substring: LIKE's wildcards in the text are escaped.
            var words = (query.Text ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (word, i) in words.Take(AgencySearch.MaxWords).Select((w, i) => (w, i)))
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $" AND (a.name_lower LIKE @w{i} ESCAPE '!' OR COALESCE(p.name_lower, '') LIKE @w{i} ESCAPE '!')");
                parameters.Add(($"w{i}", Containing(word)));
            }

            if (query.After is { } after)
            {
                sql.Append(" AND (a.name_lower, a.agency_id) > (@afterName, @afterId)");
                parameters.Add(("afterName", after.NameLower));
                parameters.Add(("afterId", after.AgencyId));
            }

            sql.Append(" ORDER BY a.name_lower, a.agency_id LIMIT @take");
            var items = ImmutableArray.CreateBuilder<AgencyListing>(take);
            string? lastLower = null;
            await using (var command = Command(connection, null, sql.ToString(), [.. parameters]))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (items.Count == take)
                    {
                        return new AgencyIndexPage(items.ToImmutable(), new AgencyCursor(lastLower!, items[^1].Id).Encode());
                    }

                    items.Add(Read(reader));
                    lastLower = reader.GetString(6);
                }
            }

            return new AgencyIndexPage(items.ToImmutable(), null);
        }, cancellationToken);

    public Task<ImmutableDictionary<string, AgencyListing>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct(StringComparer.Ordinal).Take(AgencySearch.MaxIds).ToList();
        if (wanted.Count == 0)
        {
            return Task.FromResult(ImmutableDictionary<string, AgencyListing>.Empty);
        }

        return database.ReadAsync(async (connection, ct) =>
        {
            var names = wanted.Select((id, i) => ($"id{i}", (object?)id)).ToArray();
            var sql = $"{Columns} WHERE a.agency_id IN ({string.Join(", ", names.Select(n => "@" + n.Item1))})";
            var found = ImmutableDictionary.CreateBuilder<string, AgencyListing>(StringComparer.Ordinal);
            await using var command = Command(connection, null, sql, names);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var listing = Read(reader);
                found[listing.Id] = listing;
            }

            return found.ToImmutable();
        }, cancellationToken);
    }

    private static AgencyListing Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), (AgencyLevel)reader.GetInt64(2), (AgencyZone)reader.GetInt64(3),
        reader.GetString(4) is { Length: > 0 } parent ? parent : null, reader.IsDBNull(5) ? null : reader.GetString(5));
}
