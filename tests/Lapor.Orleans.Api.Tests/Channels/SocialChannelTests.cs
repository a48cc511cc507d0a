using System.Net;

namespace Lapor.Api.Tests.Channels;

/// <summary>The social-media door: trusted integrators only, the post reference recorded, reposts de-duplicated.</summary>
[Collection(ChannelCollection.Name)]
public sealed class SocialChannelTests(ChannelHost host)
{
    private static object Post(string postId, string text = "Jembatan Kedungkandang retak, warga khawatir roboh saat musim hujan. @PemkotMalang",
        string? originalPostId = null, bool anonymous = false, string platform = "x") => new
        {
            platform,
            postId,
            originalPostId,
            postUrl = $"https://x.com/wargamalang/status/{postId}",
            postedAt = "2026-11-28T09:15:00+07:00",
            author = new { handle = "@wargamalang", name = "Warga Malang" },
            text,
            category = "Infrastruktur",
            anonymous,
        };

    private static string NewPostId() => "18" + Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_post_becomes_a_complaint_with_its_post_reference()
    {
        using var api = host.Client();
        var postId = NewPostId();
        var response = await ChannelHost.SocialAsync(api.Http, Post(postId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await LaporClient.JsonAsync(response);
        Assert.False(answer["duplicate"]!.GetValue<bool>());
        Assert.Equal($"x:{postId}", answer["postReference"]!.GetValue<string>());
        var code = answer["trackingCode"]!.GetValue<string>();

        var staff = await ChannelHost.StaffViewAsync(api, code);
        Assert.Equal("socialMedia", staff["channel"]!.GetValue<string>());
        Assert.Equal("x", staff["source"]!["platform"]!.GetValue<string>());
        Assert.Equal(postId, staff["source"]!["reference"]!.GetValue<string>());
        Assert.Equal($"https://x.com/wargamalang/status/{postId}", staff["source"]!["url"]!.GetValue<string>());
        Assert.Equal(ChannelHost.Integrator, staff["source"]!["deliveredBy"]!.GetValue<string>());
        Assert.Equal("Warga Malang (@wargamalang)", staff["reporter"]!["name"]!.GetValue<string>());
        Assert.Equal("2026-11-28", staff["incidentDate"]!.GetValue<string>());
        Assert.Equal("Infrastruktur", staff["category"]!.GetValue<string>());
        Assert.Equal(ChannelHost.Agency, staff["deadline"]!["holderAgencyId"]!.GetValue<string>());

        // Published, the public sees the report but never who posted it nor the post that names them.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "malang-dpupr" }, user: "admin.nasional")).StatusCode);
        var publicView = await LaporClient.JsonAsync(await api.GetAsync($"/api/public/complaints/{code}"));
        Assert.Null(publicView["reporter"]);
        Assert.Null(publicView["source"]);
    }

    [Fact]
    public async Task Reposts_of_the_same_post_land_on_the_same_complaint()
    {
        using var api = host.Client();
        var original = NewPostId();
        var first = await LaporClient.JsonAsync(await ChannelHost.SocialAsync(api.Http, Post(original)));
        var code = first["trackingCode"]!.GetValue<string>();

        var same = await ChannelHost.SocialAsync(api.Http, Post(original, "Teks sudah diedit oleh pengunggah, tetap unggahan yang sama."));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var sameAnswer = await LaporClient.JsonAsync(same);
        Assert.True(sameAnswer["duplicate"]!.GetValue<bool>());
        Assert.Equal(code, sameAnswer["trackingCode"]!.GetValue<string>());

        var repost = await ChannelHost.SocialAsync(api.Http, Post(NewPostId(), "RT: jembatan Kedungkandang retak!", originalPostId: original));
        Assert.Equal(HttpStatusCode.OK, repost.StatusCode);
        Assert.Equal(code, (await LaporClient.JsonAsync(repost))["trackingCode"]!.GetValue<string>());

        var other = await ChannelHost.SocialAsync(api.Http, Post(NewPostId()));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.NotEqual(code, (await LaporClient.JsonAsync(other))["trackingCode"]!.GetValue<string>());

        // The same id on another platform is another post.
        var elsewhere = await ChannelHost.SocialAsync(api.Http, Post(original, platform: "instagram"));
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_refused_and_makes_nothing()
    {
        using var api = host.Client();
        var postId = NewPostId();
        foreach (var key in new[] { null, "kunci-tebakan", ChannelHost.SocialKey + "x" })
        {
            var refused = await ChannelHost.SocialAsync(api.Http, Post(postId), key);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await LaporClient.JsonAsync(refused))["errors"]!["X-Api-Key"]);
        }

        // Staff tokens are no integrator keys either.
        var staff = await api.SendAsync(HttpMethod.Post, "/api/channels/social/reports", Post(postId), user: "admin.nasional");
        Assert.Equal(HttpStatusCode.Unauthorized, staff.StatusCode);

        var accepted = await ChannelHost.SocialAsync(api.Http, Post(postId));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.False((await LaporClient.JsonAsync(accepted))["duplicate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bad_posts_are_a_400_naming_the_field()
    {
        using var api = host.Client();
        var empty = await ChannelHost.SocialAsync(api.Http, Post(NewPostId(), text: "  "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(empty))["errors"]!["text"]);

        var noPlatform = await ChannelHost.SocialAsync(api.Http, new { postId = NewPostId(), text = "Jalan rusak parah di Jl. Raya Tlogomas." });
        Assert.Equal(HttpStatusCode.BadRequest, noPlatform.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(noPlatform))["errors"]!["platform"]);

        var badUrl = await ChannelHost.SocialAsync(api.Http, new { platform = "x", postId = NewPostId(), postUrl = "javascript:alert(1)", text = "Jalan rusak parah di Jl. Raya Tlogomas." });
        Assert.NotNull((await LaporClient.JsonAsync(badUrl))["errors"]!["postUrl"]);

        var future = await ChannelHost.SocialAsync(api.Http, new { platform = "x", postId = NewPostId(), postedAt = "2099-01-01T00:00:00Z", text = "Jalan rusak parah di Jl. Raya Tlogomas." });
        Assert.NotNull((await LaporClient.JsonAsync(future))["errors"]!["postedAt"]);
    }

    [Fact]
    public async Task An_anonymous_post_hides_its_author_and_post_from_staff()
    {
        using var api = host.Client();
        var code = (await LaporClient.JsonAsync(await ChannelHost.SocialAsync(api.Http, Post(NewPostId(), anonymous: true))))["trackingCode"]!.GetValue<string>();
        var staff = await ChannelHost.StaffViewAsync(api, code);
        Assert.True(staff["anonymous"]!.GetValue<bool>());
        Assert.Null(staff["reporter"]);
        Assert.Null(staff["source"]); // the post would name its author
    }
}
