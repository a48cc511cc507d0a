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
/// The agency directory in <c>lapor_agencies</c> (db/*/010_agency_directory.sql). A search by words reads each agency's
/// line in <c>lapor_agency_search</c> (db/*/011_agency_search.sql): its name, and its search text (its name and its
/// parent's).
/// </summary>
/// <param name="database">The index database.</param>
/// <param name="candidateLimit">
/// When one of a search's words is held by at most this many agencies, the search reads just their lines, through the
/// text index, and sorts them; when every word is more common, it walks the name index, where such words soon fill a
/// page.
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
        database.WriteFromOutboxAsync(async (connection, transaction, ct) =>
        {
            if (database.Provider == LaporStorageProvider.Postgres)
            {
                await LockFamilyAsync(connection, transaction, profile, ct);
            }

            return await ApplyAsync(connection, transaction, profile, revision, ct);
        }, cancellationToken);

    /// <summary>
    /// PostgreSQL runs directory writes side by side, each unseen by the other until it commits: a child written while
    /// its parent is listed or renamed would read the parent's old name, and the parent's refresh of its children would
    /// miss the child. So a write holds, to its commit, a lock keyed by its agency's id and one keyed by its parent's:
    /// of a parent's write and its child's, the second waits for the first and reads what it wrote. (SQLite's one writer
    /// never interleaves them.) Taken in one order everywhere, two locks a write never deadlock with another's.
    /// </summary>
    private static async Task LockFamilyAsync(DbConnection connection, DbTransaction transaction, AgencyProfile profile, CancellationToken ct)
    {
        foreach (var key in new[] { profile.Id, profile.ParentId ?? "" }.Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal))
        {
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 11))", ct, ("key", key));
        }
    }

    // The agency's search text is its name and its parent's. A child listed before its parent gets the parent's name
    // when the parent is listed (the second statement), and so does every child when its parent is renamed.
    private const string StoreSearchText = """
        INSERT INTO lapor_agency_search (agency_id, name_lower, search_text)
        VALUES (@id, @lower, @lower || ' ' || COALESCE((SELECT name_lower FROM lapor_agencies WHERE agency_id = @parent), ''))
        ON CONFLICT (agency_id) DO UPDATE SET name_lower = excluded.name_lower, search_text = excluded.search_text
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
            // Each word must appear in the agency's name or its parent's ("perhubungan malang" finds the Dinas
            // Perhubungan below Kota Malang), as a literal substring: LIKE's wildcards in the text are escaped.
            var words = (query.Text ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(AgencySearch.MaxWords).ToList();
            if (words.Count > 0 && query.ParentId is null)
            {
                var ids = await MatchingIdsAsync(connection, words, query.After, take + 1, ct);
                return ids.Count == 0
                    ? new AgencyIndexPage([], null)
                    : await PageAsync(connection, $"{Columns} WHERE a.agency_id IN ({string.Join(", ", ids.Select((_, i) => $"@id{i}"))})",
                        [.. ids.Select((id, i) => ($"id{i}", (object?)id))], take, ct);
            }

            // An agency's children (a few hundred at most), all of them or those whose names hold the words.
            var sql = new StringBuilder(Columns).Append(" WHERE 1 = 1");
            var parameters = new List<(string, object?)>();
            if (query.ParentId is { } parent)
            {
                sql.Append(" AND a.parent_id = @parent");
                parameters.Add(("parent", parent));
            }

            foreach (var (word, i) in words.Select((w, i) => (w, i)))
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

            return await PageAsync(connection, sql.ToString(), [.. parameters], take, ct);
        }, cancellationToken);

    /// <summary>
    /// The ids of the first <paramref name="limit"/> agencies (by name, then id, after the cursor) whose search text holds
    /// every word: through the text index when one word is rare enough (<see cref="RareWordAsync"/>), else by walking
    /// the name index, which carries the search text.
    /// </summary>
    private async Task<List<string>> MatchingIdsAsync(DbConnection connection, List<string> words, AgencyCursor? after, int limit,
        CancellationToken ct)
    {
        var sql = new StringBuilder("SELECT s.agency_id FROM lapor_agency_search s WHERE 1 = 1");
        var parameters = new List<(string, object?)> { ("limit", (long)limit) };
        foreach (var (word, i) in words.Select((w, i) => (w, i)))
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND s.search_text LIKE @w{i} ESCAPE '!'");
            parameters.Add(($"w{i}", Containing(word)));
        }

        var order = " ORDER BY s.name_lower, s.agency_id";
        if (await RareWordAsync(connection, words, ct) is { } rare)
        {
            // The lines holding the rarest word, through the text index, sorted: not the name index walked with each
            // line tested against them. The sort key is an expression (the same text, in the same collation), which no
            // index serves.
            sql.Append(database.Provider == LaporStorageProvider.Sqlite
                ? " AND s.id IN (SELECT rowid FROM lapor_agency_search_fts WHERE lapor_agency_search_fts MATCH @rare)"
                : " AND s.agency_id IN (SELECT agency_id FROM lapor_agency_search WHERE search_text LIKE @rare ESCAPE '!')");
            parameters.Add(("rare", rare));
            order = " ORDER BY s.name_lower || '', s.agency_id";
        }

        if (after is not null)
        {
            sql.Append(" AND (s.name_lower, s.agency_id) > (@afterName, @afterId)");
            parameters.Add(("afterName", after.NameLower));
            parameters.Add(("afterId", after.AgencyId));
        }

        sql.Append(order).Append(" LIMIT @limit");
        var ids = new List<string>(limit);
        await using var command = Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// The text index's query for the first word, longest first, that at most <c>candidateLimit</c> agencies hold (null:
    /// none): on SQLite an FTS5 string (a trigram match is a substring match), on PostgreSQL a LIKE pattern, which the
    /// trigram index serves. Each count stops one past the limit, so a common word costs little to rule out.
    /// </summary>
    private async Task<string?> RareWordAsync(DbConnection connection, List<string> words, CancellationToken ct)
    {
        var sqlite = database.Provider == LaporStorageProvider.Sqlite;
        var lines = sqlite
            ? "SELECT 1 FROM lapor_agency_search_fts WHERE lapor_agency_search_fts MATCH @rare"
            : "SELECT 1 FROM lapor_agency_search WHERE search_text LIKE @rare ESCAPE '!'";
        foreach (var word in words.Where(w => w.Length >= IndexedWordLength).Distinct().OrderByDescending(w => w.Length))
        {
            var rare = sqlite ? "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : Containing(word);
            await using var command = Command(connection, null, $"SELECT count(*) FROM ({lines} LIMIT @limit) c",
                ("rare", rare), ("limit", (long)candidateLimit + 1));
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) <= candidateLimit)
            {
                return rare;
            }
        }

        return null;
    }

    /// <summary>Up to <paramref name="take"/> listings of <paramref name="sql"/> in name order, with the cursor after them when more follow.</summary>
    private static async Task<AgencyIndexPage> PageAsync(DbConnection connection, string sql, (string, object?)[] parameters, int take,
        CancellationToken ct)
    {
        var items = ImmutableArray.CreateBuilder<AgencyListing>(take);
        string? lastLower = null;
        await using var command = Command(connection, null, sql + " ORDER BY a.name_lower, a.agency_id LIMIT @take",
            [.. parameters, ("take", (long)take + 1)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (items.Count == take)
            {
                return new AgencyIndexPage(items.ToImmutable(), new AgencyCursor(lastLower!, items[^1].Id).Encode());
            }

            items.Add(Read(reader));
            lastLower = reader.GetString(6);
        }

        return new AgencyIndexPage(items.ToImmutable(), null);
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
