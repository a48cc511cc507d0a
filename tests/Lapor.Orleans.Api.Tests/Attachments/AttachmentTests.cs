using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lapor.Api.Attachments;
using Lapor.Hosting.Storage.Attachments;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Xmp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;
using Directory = MetadataExtractor.Directory;

namespace Lapor.Api.Tests.Attachments;

/// <summary>
/// Attachments over real HTTP, on the embedded default (<see cref="AttachmentTestsOnSqlite"/>: files in the data
/// folder) and on PostgreSQL (<see cref="AttachmentTestsOnPostgres"/>: bytea chunks). The host's limits: 1 MiB a
/// file, 3 a message, 4 a complaint (ApiHost).
/// </summary>
public abstract class AttachmentTests(ApiHost host)
{
    private static IReadOnlyList<Directory> Metadata(byte[] file) => ImageMetadataReader.ReadMetadata(new MemoryStream(file));

    private static JsonObject Entry(JsonObject complaint, string action) =>
        complaint["timeline"]!.AsArray().Select(e => e!.AsObject()).Last(e => e["action"]!.GetValue<string>() == action);

    private static string[] Ids(JsonObject entry) => entry["attachments"]?.AsArray().Select(i => i!.GetValue<string>()).ToArray() ?? [];

    private static async Task<byte[]> DownloadAsync(LaporClient api, string path, string? user = null, string? secret = null)
    {
        using var response = await api.GetAsync(path, user, secret);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.OK, "GET " + path);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task A_photo_filed_with_a_report_reaches_staff_with_its_gps_and_the_reporter_without_any_location_metadata()
    {
        using var api = host.Client();
        var photo = TestFiles.JpegWithGps();
        Assert.NotNull(Metadata(photo).OfType<GpsDirectory>().Single().GetGeoLocation());
        var id = await api.UploadAsync(photo, "jalan rusak ☂.jpg");
        var (code, secret, complaint) = await api.SubmitAsync(new ReportBuilder { AttachmentIds = [id] });
        Assert.Equal([id], Ids(Entry(complaint, "submitted")));

        // Staff get the original, byte for byte, location included.
        using (var response = await api.GetAsync($"/api/complaints/{code}/attachments/{id}", "admin.nasional"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var original = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(photo, original);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal("jalan rusak ☂.jpg", disposition.FileNameStar);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
            Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(photo)) + ":", response.Headers.GetValues("Repr-Digest").Single());
            var location = Metadata(original).OfType<GpsDirectory>().Single().GetGeoLocation()!;
            Assert.Equal(TestFiles.Latitude, location.Latitude, 4);
        }

        // The reporter gets a copy without Exif, XMP or comment, still a picture of the same size.
        var stripped = await DownloadAsync(api, $"/api/reporter/complaints/{code}/attachments/{id}", secret: secret);
        Assert.NotEqual(photo, stripped);
        var metadata = Metadata(stripped);
        Assert.Empty(metadata.OfType<GpsDirectory>());
        Assert.Empty(metadata.OfType<ExifIfd0Directory>());
        Assert.Empty(metadata.OfType<XmpDirectory>());
        Assert.DoesNotContain(TestFiles.XmpMarker, System.Text.Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(stripped);
        Assert.Equal((32, 24), (decoded.Width, decoded.Height));

        // Both lists show the one file; the reporter's states the size and checksum of the copy it downloads.
        var staffList = await api.ReadArrayAsync($"/api/complaints/{code}/attachments", "admin.nasional");
        Assert.Equal(photo.Length, staffList.Single()!["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), staffList.Single()!["sha256"]!.GetValue<string>());
        using var reporterList = await api.GetAsync($"/api/reporter/complaints/{code}/attachments", secret: secret);
        var mine = (await reporterList.Content.ReadFromJsonAsync<JsonArray>())!.Single()!;
        Assert.Equal(stripped.Length, mine["size"]!.GetValue<long>());
        Assert.Equal(1, mine["entrySequence"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_png_and_a_webp_lose_their_exif_and_text_for_the_reporter_and_keep_them_for_staff()
    {
        using var api = host.Client();
        var png = TestFiles.PngWithText();
        Assert.NotEmpty(Metadata(png).OfType<GpsDirectory>());
        var webp = TestFiles.Encode(SKEncodedImageFormat.Webp);
        var ids = new[] { await api.UploadAsync(png, "peta.png"), await api.UploadAsync(webp, "foto.webp") };
        var (code, secret, _) = await api.SubmitAsync(new ReportBuilder { AttachmentIds = ids });

        Assert.Equal(png, await DownloadAsync(api, $"/api/complaints/{code}/attachments/{ids[0]}", "admin.nasional"));
        var strippedPng = await DownloadAsync(api, $"/api/reporter/complaints/{code}/attachments/{ids[0]}", secret: secret);
        Assert.Empty(Metadata(strippedPng).OfType<GpsDirectory>());
        Assert.DoesNotContain(TestFiles.XmpMarker, System.Text.Encoding.Latin1.GetString(strippedPng), StringComparison.Ordinal);
        using (var decoded = SKBitmap.Decode(strippedPng))
        {
            Assert.Equal(32, decoded.Width);
        }

        using var webpCopy = SKBitmap.Decode(await DownloadAsync(api, $"/api/reporter/complaints/{code}/attachments/{ids[1]}", secret: secret));
        Assert.Equal(24, webpCopy.Height);
    }

    [Fact]
    public async Task Replies_and_follow_ups_carry_attachments_that_each_side_may_open_and_the_public_never_sees()
    {
        using var api = host.Client();
        var (code, secret, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);

        var video = await api.UploadAsync(TestFiles.Mp4(), "rekaman.mp4");
        var followUp = await api.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Sudah kami tinjau, lihat video.", attachmentIds = new[] { video } },
            user: "admin.malang");
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        Assert.Equal([video], Ids(Entry(await LaporClient.JsonAsync(followUp), "follow-up")));

        var pdf = await api.UploadAsync(TestFiles.Pdf(), "../../surat keterangan.pdf");
        var reply = await api.PostAsync($"/api/reporter/complaints/{code}/replies", new { message = "Terlampir surat RT.", attachmentIds = new[] { pdf } },
            secret: secret);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        Assert.Equal(TestFiles.Mp4(), await DownloadAsync(api, $"/api/reporter/complaints/{code}/attachments/{video}", secret: secret));
        using (var response = await api.GetAsync($"/api/complaints/{code}/attachments/{pdf}", "pengawas"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("surat keterangan.pdf", response.Content.Headers.ContentDisposition!.FileNameStar);
        }

        // Published, yet the public view names no attachment and no public path serves one.
        var published = await api.ReadAsync($"/api/public/complaints/{code}");
        Assert.All(published["timeline"]!.AsArray(), e => Assert.Null(e!["attachments"]));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{code}/attachments/{video}")).StatusCode);
        // Without credentials, with another complaint's secret, or as staff of an agency off the chain: nothing.
        var (_, otherSecret, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/complaints/{code}/attachments/{video}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await api.GetAsync($"/api/reporter/complaints/{code}/attachments/{video}", secret: otherSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/complaints/{code}/attachments/{video}", "admin.kemendikdasmen")).StatusCode);
        // An id of this complaint under another complaint's code is not found either.
        var (other, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/complaints/{other}/attachments/{video}", "admin.nasional")).StatusCode);
    }

    [Fact]
    public async Task A_confidential_report_keeps_its_attachments_off_every_public_path()
    {
        using var api = host.Client();
        var id = await api.UploadAsync(TestFiles.JpegWithGps(), "bukti.jpg");
        var (code, secret, _) = await api.SubmitAsync(new ReportBuilder { Confidential = true, AttachmentIds = [id] });
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{code}/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/reporter/complaints/{code}/attachments/{id}", secret: secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/complaints/{code}/attachments/{id}", "admin.malang")).StatusCode);
    }

    public static TheoryData<string, byte[], HttpStatusCode> BadFiles()
    {
        var jpeg = TestFiles.JpegWithGps();
        var png = TestFiles.PngWithText();
        var mp4 = TestFiles.Mp4();
        return new()
        {
            { "program.jpg", TestFiles.Program(), HttpStatusCode.UnsupportedMediaType },
            { "catatan.txt", "Laporan palsu"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
            { "kosong.jpg", [], HttpStatusCode.BadRequest },
            { "terpotong.jpg", jpeg[..(jpeg.Length / 2)], HttpStatusCode.BadRequest },
            { "terpotong.png", png[..(png.Length - 20)], HttpStatusCode.BadRequest },
            { "terpotong.mp4", mp4[..(mp4.Length - 10)], HttpStatusCode.BadRequest },
            { "terpotong.pdf", TestFiles.Pdf()[..40], HttpStatusCode.BadRequest },
            { "besar.jpg", [.. jpeg, .. new byte[1024 * 1024]], HttpStatusCode.RequestEntityTooLarge },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_upload_is_refused_with_problem_details_naming_the_file_and_leaves_nothing_stored(string name, byte[] file, HttpStatusCode status)
    {
        using var api = host.Client();
        var before = await StorageCensus.TakeAsync(host);
        using var request = LaporRequests.Upload(file, name);
        // As a client with a large upload should: the body waits for the server's go-ahead. A file refused from its
        // declared length alone is answered at once and never sent (without this, the client may still be writing the
        // body when the server closes the connection after its answer, and sees a broken pipe instead of the 413).
        request.Headers.ExpectContinue = true;
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await LaporClient.JsonAsync(response);
        Assert.Contains(name, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(name, problem["fileName"]!.GetValue<string>());
        Assert.Equal(before with { TempFiles = 0 }, await StorageCensus.TakeAsync(host));
    }

    [Fact]
    public async Task Too_many_attachments_on_a_message_or_a_complaint_are_refused_naming_the_file_and_change_nothing()
    {
        using var api = host.Client();
        var pdf = TestFiles.Pdf();
        var four = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            four.Add(await api.UploadAsync(pdf, $"dokumen-{i}.pdf"));
        }

        var before = await StorageCensus.TakeAsync(host);
        using var tooMany = await api.SendAsync(HttpMethod.Post, "/api/complaints", new ReportBuilder { AttachmentIds = four }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var problem = await LaporClient.JsonAsync(tooMany);
        Assert.Equal("dokumen-4.pdf", problem["fileName"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["attachmentIds[3]"]);
        Assert.Equal(before, await StorageCensus.TakeAsync(host));

        // Three on the report, then a fourth and fifth on a reply pass the complaint's limit of four: the fifth is named.
        var (code, secret, _) = await api.SubmitAsync(new ReportBuilder { AttachmentIds = four[..3] });
        var fifth = await api.UploadAsync(pdf, "dokumen-5.pdf");
        var over = await api.PostAsync($"/api/reporter/complaints/{code}/replies", new { message = "Dua lagi.", attachmentIds = new[] { four[3], fifth } }, secret: secret);
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        Assert.Equal("dokumen-5.pdf", (await LaporClient.JsonAsync(over))["fileName"]!.GetValue<string>());
        var view = await api.ReporterViewAsync(code, secret);
        Assert.DoesNotContain(view["timeline"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "reporter-reply");
        Assert.Equal(3, (await api.ReadArrayAsync($"/api/complaints/{code}/attachments", "admin.nasional")).Count);

        // The refused ones are free again: the fourth fits on its own.
        var fits = await api.PostAsync($"/api/reporter/complaints/{code}/replies", new { message = "Satu lagi.", attachmentIds = new[] { four[3] } }, secret: secret);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public async Task An_unknown_or_already_used_attachment_id_is_refused_naming_the_field()
    {
        using var api = host.Client();
        var id = await api.UploadAsync(TestFiles.Pdf(), "a.pdf");
        var (code, secret, _) = await api.SubmitAsync(new ReportBuilder { AttachmentIds = [id] });
        foreach (var ids in new[] { new[] { id }, ["0123456789abcdef0123456789abcdef"], ["bukan-id"] })
        {
            var response = await api.PostAsync($"/api/reporter/complaints/{code}/replies", new { message = "Lagi.", attachmentIds = ids }, secret: secret);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await LaporClient.JsonAsync(response))["errors"]!["attachmentIds[0]"]);
        }

        var reused = await api.SendAsync(HttpMethod.Post, "/api/complaints", new ReportBuilder { AttachmentIds = [id] }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
    }

    [Fact]
    public async Task A_replayed_submission_keeps_its_attachments_on_the_one_complaint()
    {
        using var api = host.Client();
        var id = await api.UploadAsync(TestFiles.Pdf(), "a.pdf");
        var key = Guid.NewGuid().ToString();
        var first = await api.SubmitAsync(new ReportBuilder { AttachmentIds = [id] }, key);
        var again = await api.SubmitAsync(new ReportBuilder { AttachmentIds = [id] }, key);
        Assert.Equal(first.Code, again.Code);
        Assert.Single(await api.ReadArrayAsync($"/api/complaints/{first.Code}/attachments", "admin.nasional"));
    }

    [Fact]
    public async Task The_cleaner_removes_uploads_no_message_took_once_their_lifetime_passes_and_settles_reserved_ones_with_the_complaint()
    {
        using var api = host.Client();
        var orphan = await api.UploadAsync(TestFiles.Pdf(), "lupa.pdf");
        var used = await api.UploadAsync(TestFiles.Pdf(), "dipakai.pdf");
        var (code, _, _) = await api.SubmitAsync(new ReportBuilder { AttachmentIds = [used] });
        // A reservation whose message never came (the process died before the action): the complaint carries no such entry.
        var reserved = await api.UploadAsync(TestFiles.Pdf(), "tertahan.pdf");
        var store = host.Services.GetRequiredService<IAttachmentStore>();
        Assert.Equal(ClaimStatus.Claimed, (await store.ClaimAsync(code, [reserved], 4, null)).Status);

        var options = host.Services.GetRequiredService<AttachmentOptions>();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cleaner = new AttachmentCleaner(store, host.Services.GetRequiredService<IGrainFactory>(), options, clock, NullLogger<AttachmentCleaner>.Instance);

        await cleaner.SweepAsync();
        Assert.NotNull(await store.FindAsync(orphan));
        Assert.NotNull(await store.FindAsync(reserved));

        clock.Advance(options.StagedLifetime + TimeSpan.FromMinutes(1));
        var before = await StorageCensus.TakeAsync(host);
        Assert.True(await cleaner.SweepAsync() >= 2);
        Assert.Null(await store.FindAsync(orphan));
        Assert.Null(await store.FindAsync(reserved));
        var after = await StorageCensus.TakeAsync(host);
        Assert.True(after.Rows <= before.Rows - 2 && after.Pieces <= before.Pieces - 2, $"{before} → {after}");
        Assert.NotNull(await store.FindAsync(used));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/complaints/{code}/attachments/{used}", "admin.nasional")).StatusCode);
    }
}
