using Lapor.Api.Web;
using Lapor.Grains.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lapor.Api.Tests.Web;

/// <summary>The administration pages' agency list: kept a minute, renewed behind the pages once expired, read again at once when told.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgencyDirectoryTests(ApiHost host)
{
    [Fact]
    public async Task An_expired_list_is_served_at_once_while_one_read_renews_it_behind_the_page()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var directory = new AgencyDirectory(host.Services.GetRequiredService<IAgencyIndex>(), clock, NullLogger<AgencyDirectory>.Instance);
        var first = await directory.ListAsync();
        Assert.Contains(first, a => a.Id == "nasional" && a.Depth == 0);
        Assert.Contains(first, a => a.Id == "prov-jatim" && a.Depth == 1 && a.ParentId == "nasional");
        using var api = host.Client();
        var added = await api.DefineAgencyAsync("direktori", "nasional", "province");

        // Within the minute: the same list, without the new agency.
        Assert.Equal(first, await directory.ListAsync());
        clock.Advance(TimeSpan.FromSeconds(61));

        // Expired: still the same list for this page, while the read runs; the next pages see the new agency.
        Assert.Equal(first, await directory.ListAsync());
        var renewed = await Eventually.WaitAsync(directory.ListAsync, list => list != first, TimeSpan.FromSeconds(10), "the renewed list");
        Assert.Contains(renewed, a => a.Id == added && a.Depth == 1);
    }

    [Fact]
    public async Task After_forget_the_next_page_waits_for_a_new_read_and_sees_a_new_agency()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var directory = new AgencyDirectory(host.Services.GetRequiredService<IAgencyIndex>(), clock, NullLogger<AgencyDirectory>.Instance);
        _ = await directory.ListAsync();
        using var api = host.Client();
        var added = await api.DefineAgencyAsync("direktori", "prov-jatim", "regencyCity");

        directory.Forget();

        Assert.Contains(await directory.ListAsync(), a => a.Id == added && a.ParentId == "prov-jatim" && a.Depth == 2);
    }
}
