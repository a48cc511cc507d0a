using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Notifications;

/// <summary>Subscriptions, signed webhooks, e-mail, retries, dead letters and redelivery over real HTTP and SMTP.</summary>
[Collection(NotificationCollection.Name)]
public sealed class NotificationDeliveryTests(NotificationHost host)
{
    private static readonly string[] Routed = ["routed"];
    private static readonly string[] Breach = ["breach"];
    private static readonly string[] Unknown = ["dibaca"];
    private static readonly string[] Officers = ["admin.nasional", "admin.", "petugas"];

    private const string Admin = "admin.nasional";

    private static readonly string[] AllEvents =
        ["routed", "related-assigned", "warning-50", "warning-75", "breach", "escalated", "national-intervention", "reporter-replied", "reopened", "rated"];

    private static async Task<(string Id, string? Secret)> SubscribeAsync(LaporClient api, string agencyId, object body, string user = Admin)
    {
        var response = await api.PostAsync($"/api/agencies/{agencyId}/subscriptions", body, user: user);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.Created, "subscribe");
        var json = await LaporClient.JsonAsync(response);
        return (json["subscription"]!["id"]!.GetValue<string>(), json["secret"]?.GetValue<string>());
    }

    private static async Task<string> RouteNewAsync(LaporClient api, string agencyId, ReportBuilder? report = null)
    {
        var submitted = await api.SubmitAsync(report);
        var routed = await api.PostAsync($"/api/complaints/{submitted.Code}/route", new { agencyId }, user: Admin);
        await UnexpectedStatusException.ThrowUnlessAsync(routed, HttpStatusCode.OK, "route");
        return submitted.Code;
    }

    [Fact]
    public async Task A_routed_complaint_reaches_the_agency_webhook_signed_per_standard_webhooks_with_a_stable_id()
    {
        using var api = host.Client();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-sign", "nasional", "ministry");
        var (_, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = receiver.Url.ToString(), events = AllEvents });
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.Trust(secret!);

        var code = await RouteNewAsync(api, agency);

        var calls = await receiver.WaitForAsync(c => c.Any(x => x.Json["data"]!["trackingCode"]!.GetValue<string>() == code));
        var call = Assert.Single(calls, c => c.Json["data"]!["trackingCode"]!.GetValue<string>() == code);
        Assert.True(call.SignatureValid);
        Assert.Equal("lapor.routed", call.Json["type"]!.GetValue<string>());
        Assert.StartsWith("ntf_", call.Id, StringComparison.Ordinal);
        Assert.Equal(agency, call.Json["data"]!["agencyId"]!.GetValue<string>());
        Assert.EndsWith("WIB", call.Json["data"]!["deadline"]!["dueLocal"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_secret_rotation_deliveries_carry_a_signature_for_the_old_and_the_new_secret()
    {
        using var api = host.Client();
        await using var oldReceiver = new WebhookReceiver();
        await oldReceiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-rotate", "nasional", "ministry");
        var (id, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = oldReceiver.Url.ToString(), events = Routed });
        var rotated = await LaporClient.JsonAsync(await api.PostAsync($"/api/agencies/{agency}/subscriptions/{id}/secrets", null, user: Admin));
        var fresh = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(secret, fresh);
        oldReceiver.Trust(secret!);

        var code = await RouteNewAsync(api, agency);
        var call = (await oldReceiver.WaitForAsync(c => c.Count > 0)).Single();
        Assert.Equal(2, call.SignatureCount);
        Assert.True(call.SignatureValid); // the old secret still verifies during the overlap
        var signatures = call.Body; // and the new one signs the same content
        Assert.Contains(code, signatures, StringComparison.Ordinal);
        var listed = await api.ReadArrayAsync($"/api/agencies/{agency}/subscriptions", Admin);
        Assert.Equal(2, listed[0]!["secrets"]!.AsArray().Count);
        Assert.DoesNotContain("whsec_", listed.ToJsonString(), StringComparison.Ordinal); // secrets are never read back
    }

    [Fact]
    public async Task A_failing_receiver_gets_each_event_again_until_it_accepts_and_in_order_per_complaint()
    {
        using var api = host.Client();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-order", "nasional", "ministry");
        var (_, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = receiver.Url.ToString(), events = AllEvents });
        receiver.Trust(secret!);
        receiver.FailNext(2);

        var submitted = await api.SubmitAsync();
        await api.PostAsync($"/api/complaints/{submitted.Code}/route", new { agencyId = agency }, user: Admin);
        await api.PostAsync($"/api/reporter/complaints/{submitted.Code}/replies", new { message = "Mohon segera ditangani, sudah parah." }, secret: submitted.Secret);

        var accepted = await receiver.WaitForAsync(c => c.Count >= 2);
        Assert.Equal(["lapor.routed", "lapor.reporter-replied"], accepted.Select(c => c.Json["type"]!.GetValue<string>()));
        Assert.Equal(2, accepted.Select(c => c.Id).Distinct().Count());
        Assert.Equal(2, receiver.Calls.Count(c => c.Status == 500));
        // The refused tries were the first event's: the second never overtook it.
        Assert.All(receiver.Calls.Where(c => c.Status == 500), c => Assert.Equal("lapor.routed", c.Json["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_slow_receiver_does_not_slow_the_complaint_actions()
    {
        using var api = host.Client();
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromSeconds(3) };
        await receiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-slow", "nasional", "ministry");
        var (_, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = receiver.Url.ToString(), events = AllEvents });
        receiver.Trust(secret!);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var code = await RouteNewAsync(api, agency);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"routing took {watch.Elapsed}");
        await receiver.WaitForAsync(c => c.Any(x => x.Json["data"]!["trackingCode"]!.GetValue<string>() == code));
    }

    [Fact]
    public async Task Deliveries_that_keep_failing_are_set_aside_listed_for_admins_and_redelivered_by_hand()
    {
        using var api = host.Client();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-dead", "nasional", "ministry");
        var (_, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = receiver.Url.ToString(), events = Routed });
        receiver.Trust(secret!);
        receiver.FailNext(3);
        var code = await RouteNewAsync(api, agency);

        JsonObject? dead = null;
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            var page = await api.ReadAsync($"/api/admin/notifications/dead?agencyId={agency}", Admin);
            dead = page["items"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(i => i["complaintId"]!.GetValue<string>() == code);
            return dead is not null;
        }, TimeSpan.FromSeconds(30)));
        Assert.Equal("HTTP 500", dead!["lastError"]!.GetValue<string>());
        Assert.Equal(3, dead["attempts"]!.GetValue<int>());
        Assert.Empty(receiver.Accepted);

        var redelivered = await api.PostAsync($"/api/admin/notifications/{dead["id"]}/redeliver", null, user: Admin);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        var call = (await receiver.WaitForAsync(c => c.Count > 0)).Single();
        Assert.Equal(dead["eventId"]!.GetValue<string>(), call.Id); // the same event id: the receiver can de-duplicate
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/admin/notifications/{dead["id"]}/redeliver", null, user: Admin)).StatusCode);
    }

    [Fact]
    public async Task Email_subscribers_get_a_message_in_bahasa_indonesia_with_code_holder_local_deadline_and_link()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("notif-mail", "nasional", "ministry");
        var address = $"{agency}@instansi.example.id";
        await SubscribeAsync(api, agency, new { kind = "email", email = address, events = Routed });

        var code = await RouteNewAsync(api, agency);

        var mail = await host.Smtp.WaitForAsync(address, m => m.Subject!.Contains(code, StringComparison.Ordinal));
        Assert.Contains("didisposisikan", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"Kode pelacakan: {code}", mail.TextBody!, StringComparison.Ordinal);
        Assert.Contains($"Pemegang: ", mail.TextBody!, StringComparison.Ordinal);
        Assert.Contains(agency, mail.TextBody!, StringComparison.Ordinal);
        Assert.Matches(@"Batas waktu: \d{4}-\d{2}-\d{2} \d{2}:\d{2} WIB", mail.TextBody!);
        Assert.Contains($"https://lapor.test/lacak/{code}", mail.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_never_carry_an_anonymous_reporter_nor_confidential_content_nor_an_officer_to_the_reporter()
    {
        using var api = host.Client();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var agency = await api.DefineAgencyAsync("notif-redact", "nasional", "ministry");
        var (_, secret) = await SubscribeAsync(api, agency, new { kind = "webhook", url = receiver.Url.ToString(), events = AllEvents });
        receiver.Trust(secret!);
        var agencyMail = $"{agency}@instansi.example.id";
        await SubscribeAsync(api, agency, new { kind = "email", email = agencyMail, events = AllEvents });
        var reporterMail = $"pelapor-{Guid.NewGuid():N}@warga.example.id";
        var report = new ReportBuilder
        {
            Anonymous = true,
            Confidential = true,
            Title = "Pungutan liar di kantor kelurahan",
            Body = "Petugas meminta uang tambahan untuk surat keterangan domisili tanpa kuitansi.",
            Reporter = new ReportContact("Budi Santoso Rahasia", reporterMail, "+6281299998888", NotifyStatus: true),
        };

        var code = await RouteNewAsync(api, agency, report);

        var call = (await receiver.WaitForAsync(c => c.Any(x => x.Json["data"]!["trackingCode"]!.GetValue<string>() == code)))
            .First(x => x.Json["data"]!["trackingCode"]!.GetValue<string>() == code);
        var toAgency = await host.Smtp.WaitForAsync(agencyMail, m => m.Subject!.Contains(code, StringComparison.Ordinal));
        var toReporter = await host.Smtp.WaitForAsync(reporterMail, m => m.TextBody!.Contains("Terverifikasi", StringComparison.Ordinal));
        foreach (var secretText in new List<string> { "Budi", "Santoso", reporterMail, "6281299998888", "Pungutan liar", "uang tambahan" })
        {
            Assert.DoesNotContain(secretText, call.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secretText, toAgency.TextBody! + toAgency.Subject, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("rahasia", toAgency.TextBody!, StringComparison.Ordinal);
        Assert.Contains(code, toReporter.Subject, StringComparison.Ordinal);
        foreach (var officer in Officers)
        {
            Assert.DoesNotContain(officer, toReporter.TextBody! + toReporter.Subject, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_reporter_address_the_mail_server_refuses_is_set_aside_without_the_address_in_its_error()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("notif-refused", "nasional", "ministry");
        var reporterMail = $"Pelapor-{Guid.NewGuid():N}@warga.example.id";
        host.Smtp.RejectRecipient(reporterMail);
        var report = new ReportBuilder { Anonymous = true, Reporter = new ReportContact("Budi Santoso", reporterMail, null, NotifyStatus: true) };

        var code = await RouteNewAsync(api, agency, report);

        JsonObject? dead = null;
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            var page = await api.ReadAsync("/api/admin/notifications/dead", Admin);
            dead = page["items"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(i => i["complaintId"]!.GetValue<string>() == code);
            return dead is not null;
        }, TimeSpan.FromSeconds(30)));
        var error = dead!["lastError"]!.GetValue<string>();
        Assert.StartsWith("SMTP: ", error, StringComparison.Ordinal);
        Assert.Contains("[alamat penerima]", error, StringComparison.Ordinal);
        Assert.DoesNotContain(reporterMail, dead.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, dead["attempts"]!.GetValue<int>()); // refused for good: not tried again
    }

    [Fact]
    public async Task A_reporter_who_asks_is_forgotten_in_the_complaint_and_in_the_mails_sent_to_them_and_staff_see_that_they_asked()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("notif-forget", "nasional", "ministry");
        var reporterMail = $"rina-{Guid.NewGuid():N}@warga.example.id";
        var filed = await api.SubmitAsync(new ReportBuilder { Reporter = new ReportContact("Rina Wati", reporterMail, "+6281311112222", NotifyStatus: true) });
        var routed = await api.PostAsync($"/api/complaints/{filed.Code}/route", new { agencyId = agency }, user: Admin);
        await UnexpectedStatusException.ThrowUnlessAsync(routed, HttpStatusCode.OK, "route");
        await host.Smtp.WaitForAsync(reporterMail, m => m.Subject!.Contains(filed.Code, StringComparison.Ordinal));
        var path = $"/api/reporter/complaints/{filed.Code}/personal-data";

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Delete, path)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(HttpMethod.Delete, path, secret: filed.Secret, ifMatch: "\"1\"")).StatusCode);
        var operation = (await api.ReadAsync("/openapi/v1.json"))["paths"]!["/api/reporter/complaints/{code}/personal-data"]!["delete"]!;
        Assert.Contains(operation["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match");
        Assert.NotNull(operation["responses"]!["412"]);
        var erased = await api.SendAsync(HttpMethod.Delete, path, secret: filed.Secret);
        await UnexpectedStatusException.ThrowUnlessAsync(erased, HttpStatusCode.OK, "erase");
        var view = await LaporClient.JsonAsync(erased);
        Assert.Null(view["reporter"]);
        Assert.Equal("reporter-data-erased", (string?)view["timeline"]!.AsArray()[^1]!["action"]);
        var again = await api.SendAsync(HttpMethod.Delete, path, secret: filed.Secret);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(erased.Headers.ETag, again.Headers.ETag);

        var staff = await api.ReadAsync($"/api/complaints/{filed.Code}", Admin);
        Assert.Null(staff["reporter"]);
        Assert.Equal("reporter", (string?)staff["timeline"]!.AsArray().Single(e => (string?)e!["action"] == "reporter-data-erased")!["actorRole"]);
        var mails = await ReporterRowsAsync(filed.Code);
        Assert.NotEmpty(mails);
        Assert.All(mails, row => Assert.DoesNotContain("rina", row, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The complaint's rows to direct receivers ("key|target|payload"), read from the host's SQLite file.</summary>
    private Task<List<string>> ReporterRowsAsync(string code) =>
        SqliteReads.ReporterMessagesAsync($"Data Source={Path.Combine(host.DataFolder, "lapor.db")};Mode=ReadOnly", code);

    [Fact]
    public async Task Subscriptions_are_managed_only_by_the_agency_admin_or_admin_nasional_and_bad_input_names_the_field()
    {
        using var api = host.Client();
        var response = await api.PostAsync("/api/agencies/kota-malang/subscriptions", new { kind = "email", email = "x@example.id", events = Routed }, user: "admin.kemendikdasmen");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/agencies/kota-malang/subscriptions", user: "petugas.dishub")).StatusCode);

        var own = await api.PostAsync("/api/agencies/kota-malang/subscriptions", new { kind = "email", email = "malang@example.id", events = Breach }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        var bad = await api.PostAsync("/api/agencies/kota-malang/subscriptions", new { kind = "email", email = "bukan-surel", events = Unknown }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await LaporClient.JsonAsync(bad))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("email"));
        Assert.True(errors.ContainsKey("events"));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/admin/notifications/dead?agencyId=nasional", user: "admin.malang")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/admin/notifications/dead?cursor=abc", user: Admin)).StatusCode);
    }
}
