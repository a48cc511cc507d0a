using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>
/// The agency directory's rules, whatever the database: a row keeps its newest revision, a search matches every word in
/// the agency's or its parent's name, literally and in any case, and pages continue exactly after their cursor.
/// </summary>
public abstract class AgencyDirectoryContract : IAsyncLifetime
{
    private IndexDatabase? _database;

    protected AdoNetAgencyIndex Directory { get; private set; } = null!;

    protected abstract Task<LaporStorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var options = await CreateStorageAsync();
        await SchemaInstaller.ApplyAsync(options);
        _database = new IndexDatabase(options);
        Directory = new AdoNetAgencyIndex(_database);
    }

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static AgencyProfile Profile(string id, string name, string? parent = AgencyIds.National, AgencyLevel level = AgencyLevel.Unit) =>
        new(id, name, parent is null ? AgencyLevel.National : level, parent, AgencyZone.Wib, new SlaPolicy());

    private async Task ListTreeAsync()
    {
        await Directory.ApplyAsync(Profile(AgencyIds.National, "Admin Nasional", parent: null), 1);
        await Directory.ApplyAsync(Profile("kota-malang", "Pemerintah Kota Malang", level: AgencyLevel.RegencyCity), 1);
        await Directory.ApplyAsync(Profile("kab-malang", "Pemerintah Kabupaten Malang", level: AgencyLevel.RegencyCity), 1);
        await Directory.ApplyAsync(Profile("malang-dishub", "Dinas Perhubungan", "kota-malang"), 1);
        await Directory.ApplyAsync(Profile("kabmalang-dishub", "Dinas Perhubungan", "kab-malang"), 1);
        await Directory.ApplyAsync(Profile("malang-dinkes", "Dinas Kesehatan", "kota-malang"), 1);
        await Directory.ApplyAsync(Profile("lab-100", "Laboratorium 100% Mandiri_Uji", "kota-malang"), 1);
    }

    protected async Task The_directory_keeps_the_newest_revision_of_each_agency()
    {
        await Directory.ApplyAsync(Profile("a", "Nama Kedua"), 2);
        await Directory.ApplyAsync(Profile("a", "Nama Pertama"), 1);
        await Directory.ApplyAsync(Profile("a", "Nama Kedua Diulang"), 2);
        Assert.Equal("Nama Kedua", (await Directory.FindAsync(["a"]))["a"].Name);

        await Directory.ApplyAsync(Profile("a", "Nama Ketiga", "b"), 3);
        var found = await Directory.FindAsync(["a", "tidak-ada"]);
        Assert.Equal(("Nama Ketiga", "b"), (found["a"].Name, found["a"].ParentId));
        Assert.False(found.ContainsKey("tidak-ada"));
    }

    protected async Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case()
    {
        await ListTreeAsync();

        Assert.Equal(["kab-malang", "kabmalang-dishub", "kota-malang", "lab-100", "malang-dinkes", "malang-dishub"], await IdsAsync("MALANG"));
        Assert.Equal(["kabmalang-dishub", "malang-dishub"], await IdsAsync("perhubungan malang"));
        Assert.Equal(["malang-dishub"], await IdsAsync("  Perhubungan   kota  "));
        var dishub = Assert.Single((await Directory.SearchAsync(new AgencySearch { Text = "perhubungan kota" })).Items);
        Assert.Equal(("Dinas Perhubungan", "kota-malang", "Pemerintah Kota Malang"), (dishub.Name, dishub.ParentId, dishub.ParentName));

        // LIKE's wildcards are letters like any other.
        Assert.Equal(["lab-100"], await IdsAsync("100%"));
        Assert.Equal(["lab-100"], await IdsAsync("mandiri_uji"));
        Assert.Empty(await IdsAsync("1%0"));
        Assert.Empty(await IdsAsync("mandiri_x"));
        // The root has no parent's name; the agencies right below it match by their parent's.
        var national = await Directory.SearchAsync(new AgencySearch { Text = "nasional" });
        Assert.Null(national.Items.Single(a => a.Id == AgencyIds.National).ParentName);
        Assert.Equal(["kab-malang", "kota-malang", "nasional"], national.Items.Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    protected async Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only()
    {
        await ListTreeAsync();
        for (var i = 0; i < 45; i++)
        {
            // Namesakes: only the id tells them apart, so the cursor must carry it.
            await Directory.ApplyAsync(Profile($"unit-{i:00}", i % 3 == 0 ? "Unit Layanan" : $"Unit Layanan {i}", "kota-malang"), 1);
        }

        var whole = await Directory.SearchAsync(new AgencySearch { Text = "unit", PageSize = AgencySearch.MaxPageSize });
        Assert.Equal(45, whole.Items.Length);
        Assert.Null(whole.NextCursor);

        var paged = new List<string>();
        AgencyCursor? after = null;
        do
        {
            var page = await Directory.SearchAsync(new AgencySearch { Text = "unit", PageSize = 7, After = after });
            Assert.InRange(page.Items.Length, 1, 7);
            paged.AddRange(page.Items.Select(a => a.Id));
            after = AgencyCursor.TryDecode(page.NextCursor);
            Assert.Equal(page.NextCursor is null, after is null);
            if (after is not null)
            {
                // A row inserted before the cursor's position never shows up later, nor shifts what follows.
                await Directory.ApplyAsync(Profile($"aaa-{paged.Count}", "Aaa Unit Baru", "kota-malang"), 1);
            }
        }
        while (after is not null);

        Assert.Equal(whole.Items.Select(a => a.Id), paged);

        var children = await Directory.SearchAsync(new AgencySearch { ParentId = "kab-malang" });
        Assert.Equal(["kabmalang-dishub"], children.Items.Select(a => a.Id));
        Assert.Equal(["kab-malang", "kota-malang"], (await Directory.SearchAsync(new AgencySearch { ParentId = AgencyIds.National, Text = "pemerintah" })).Items.Select(a => a.Id).Order());
    }

    private async Task<string[]> IdsAsync(string text) =>
        [.. (await Directory.SearchAsync(new AgencySearch { Text = text, PageSize = AgencySearch.MaxPageSize })).Items.Select(a => a.Id).Order(StringComparer.Ordinal)];
}

public sealed class SqliteAgencyDirectoryTests : AgencyDirectoryContract
{
    private readonly TempFolder _folder = new();

    protected override Task<LaporStorageOptions> CreateStorageAsync() => Task.FromResult(_folder.SqliteOptions());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    [Fact] public Task The_directory_keeps_the_newest_revision_of_each_agency_on_sqlite() => The_directory_keeps_the_newest_revision_of_each_agency();
    [Fact] public Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case_on_sqlite() => A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case();
    [Fact] public Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only_on_sqlite() => Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only();
}

public sealed class PostgresAgencyDirectoryTests : AgencyDirectoryContract
{
    private PostgresTestDatabase? _database;

    protected override async Task<LaporStorageOptions> CreateStorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return _database.Options();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact] public Task The_directory_keeps_the_newest_revision_of_each_agency_on_postgres() => The_directory_keeps_the_newest_revision_of_each_agency();
    [PostgresFact] public Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case_on_postgres() => A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case();
    [PostgresFact] public Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only_on_postgres() => Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only();
}
