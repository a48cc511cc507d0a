using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>
/// The agency directory in <c>lapor_agencies</c> (db/*/010_agency_directory.sql), searched through each agency's line of
/// search text in <c>lapor_agency_search</c> (db/*/011_agency_search.sql).
/// </summary>
/// <param name="database">The index database.</param>
/// <param name="candidateLimit">
/// Up to this many agencies holding a search's words, the search reads just those, through the text index, and sorts
/// them; beyond it, it reads the directory in name order, where such common words soon fill a page.
/// </param>
public sealed class AdoNetAgencyIndex(IndexDatabase database, int candidateLimit = AdoNetAgencyIndex.DefaultCandidateLimit) : IAgencyIndex
{
    /// <summary>What a search reads through the text index at most (see the constructor).</summary>
    public const int DefaultCandidateLimit = 1000;

    /// <summary>The text index finds pieces of three letters: a shorter word narrows nothing.</summary>
    private const int IndexedWordLength = 3;

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

    // The agency's search text is its name and its parent's. A child listed before its parent gets the parent's name
    // when the parent is listed (the second statement), and so does every child when its parent is renamed.
    private const string StoreSearchText = """
        INSERT INTO lapor_agency_search (agency_id, search_text)
        VALUES (@id, @lower || ' ' || COALESCE((SELECT name_lower FROM lapor_agencies WHERE agency_id = @parent), ''))
        ON CONFLICT (agency_id) DO UPDATE SET search_text = excluded.search_text
        WHERE lapor_agency_search.search_text <> excluded.search_text
        """;

    private const string StoreChildrenSearchText = """
        UPDATE lapor_agency_search SET search_text = c.name_lower || ' ' || @lower
          FROM lapor_agencies c
         WHERE c.agency_id = lapor_agency_search.agency_id AND c.parent_id = @id
           AND lapor_agency_search.search_text <> c.name_lower || ' ' || @lower
        """;

    /// <summary>Stores one row unless the stored one is as new or newer (also used by the schema's backfill).</summary>
    internal static async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, AgencyProfile profile, int revision,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var lower = profile.Name.ToLowerInvariant();
        if (await ExecuteAsync(connection, transaction, Upsert, ct, ("id", profile.Id), ("revision", (long)revision), ("name", profile.Name),
                ("lower", lower), ("level", (long)profile.Level), ("zone", (long)profile.Zone), ("parent", profile.ParentId ?? "")) == 0)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, StoreSearchText, ct, ("id", profile.Id), ("lower", lower), ("parent", profile.ParentId ?? ""));
        await ExecuteAsync(connection, transaction, StoreChildrenSearchText, ct, ("id", profile.Id), ("lower", lower));
        return true;
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
            var words = (query.Text ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(AgencySearch.MaxWords).ToList();
            foreach (var (word, i) in words.Select((w, i) => (w, i)))
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $" AND (a.name_lower LIKE @w{i} ESCAPE '!' OR COALESCE(p.name_lower, '') LIKE @w{i} ESCAPE '!')");
                parameters.Add(($"w{i}", Containing(word)));
            }

            // Few agencies hold the words: read just those (the conditions above still decide, exactly).
            if (Candidates(words) is { } candidates && await CountAsync(connection, candidates, ct) <= candidateLimit)
            {
                sql.Append(" AND a.agency_id IN (").Append(candidates.Sql).Append(')');
                parameters.AddRange(candidates.Parameters);
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

    /// <summary>
    /// The agencies whose search text holds every word long enough for the text index (null: no such word): on SQLite
    /// one FTS5 query of quoted strings (a trigram match is a substring match), on PostgreSQL the same words' LIKE
    /// patterns, which the trigram index serves.
    /// </summary>
    private (string Sql, (string, object?)[] Parameters)? Candidates(List<string> words)
    {
        var indexed = words.Select((word, i) => (word, i)).Where(w => w.word.Length >= IndexedWordLength).ToList();
        if (indexed.Count == 0)
        {
            return null;
        }

        if (database.Provider == LaporStorageProvider.Sqlite)
        {
            var match = string.Join(' ', indexed.Select(w => "\"" + w.word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            return ("""
                SELECT s.agency_id FROM lapor_agency_search_fts f JOIN lapor_agency_search s ON s.id = f.rowid
                 WHERE lapor_agency_search_fts MATCH @match
                """, [("match", match)]);
        }

        return ("SELECT agency_id FROM lapor_agency_search WHERE " + string.Join(" AND ",
                indexed.Select(w => string.Create(CultureInfo.InvariantCulture, $"search_text LIKE @c{w.i} ESCAPE '!'"))),
            [.. indexed.Select(w => ($"c{w.i}", (object?)Containing(w.word)))]);
    }

    /// <summary>How many agencies <paramref name="candidates"/> finds, counted up to one more than the limit.</summary>
    private async Task<long> CountAsync(DbConnection connection, (string Sql, (string, object?)[] Parameters) candidates, CancellationToken ct)
    {
        await using var command = Command(connection, null, $"SELECT count(*) FROM ({candidates.Sql} LIMIT @limit) c",
            [.. candidates.Parameters, ("limit", (long)candidateLimit + 1)]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

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
