using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Channels;

/// <summary>
/// The SMS door over HTTP: a signed gateway call becomes a complaint, the sender gets the tracking code back through
/// the gateway's outbound webhook (a real server on loopback), and can reply to it by code.
/// </summary>
[Collection(ChannelCollection.Name)]
public sealed class SmsChannelTests(ChannelHost host)
{
    [Fact]
    public async Task A_signed_message_becomes_a_complaint_and_the_sender_gets_its_code()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var local = "0" + number[3..]; // as the gateway may send it: 0812…
        var response = await host.SmsAsync(api.Http, local, "Lampu penerangan jalan di Jl. Soekarno-Hatta mati sejak seminggu, rawan begal.", "gw-" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await LaporClient.JsonAsync(response);
        var code = answer["trackingCode"]!.GetValue<string>();
        Assert.Equal("created", answer["action"]!.GetValue<string>());

        var staff = await ChannelHost.StaffViewAsync(api, code);
        Assert.Equal("sms", staff["channel"]!.GetValue<string>());
        Assert.Equal(number, staff["reporter"]!["phone"]!.GetValue<string>());
        Assert.Equal("35.73", staff["location"]!["regionCode"]!.GetValue<string>());
        Assert.Equal(ChannelHost.Agency, staff["deadline"]!["holderAgencyId"]!.GetValue<string>());
        Assert.StartsWith("Lampu penerangan jalan", staff["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("sms", staff["source"]!["platform"]!.GetValue<string>());

        var sms = await host.Gateway.WaitForAsync(number);
        Assert.Contains(code, sms.Text, StringComparison.Ordinal);
        Assert.Equal(code, sms.Reference);
        Assert.True(sms.Signed); // the gateway can check that the answer is ours
    }

    [Fact]
    public async Task Unsigned_forged_or_stale_calls_are_refused_and_leave_nothing()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var messageId = "gw-" + Guid.NewGuid();
        const string Text = "Sampah menumpuk di TPS Jl. Kalpataru tidak diangkut tiga hari.";

        var unsigned = await host.SmsAsync(api.Http, number, Text, messageId, sign: false);
        await AssertUnauthorized(unsigned, "X-Lapor-Signature");
        var forged = await host.SmsAsync(api.Http, ChannelHost.Fields(number, Text, messageId), secret: "rahasia-yang-salah-0123456789abcdefgh");
        await AssertUnauthorized(forged, "X-Lapor-Signature");
        var stale = await host.SmsAsync(api.Http, ChannelHost.Fields(number, Text, messageId), timestamp: DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        await AssertUnauthorized(stale, "X-Lapor-Signature");

        // Signed over one body, sent with another: the signature no longer matches.
        var body = Encoding.UTF8.GetBytes($"{ChannelHost.SmsFrom}={Uri.EscapeDataString(number)}&{ChannelHost.SmsText}=asli");
        using var tampered = new HttpRequestMessage(HttpMethod.Post, "/api/channels/sms/inbound")
        {
            Content = new StringContent($"{ChannelHost.SmsFrom}={Uri.EscapeDataString(number)}&{ChannelHost.SmsText}=diubah", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        host.Sign(tampered, body, host.SmsSecret);
        await AssertUnauthorized(await api.Http.SendAsync(tampered), "X-Lapor-Signature");

        // The same message, signed, is new: none of the refused calls made a complaint.
        var real = await host.SmsAsync(api.Http, number, Text, messageId);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal("created", (await LaporClient.JsonAsync(real))["action"]!.GetValue<string>());
    }

    private static async Task AssertUnauthorized(HttpResponseMessage response, string header)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await LaporClient.JsonAsync(response);
        Assert.NotNull(problem["errors"]![header]);
    }

    [Fact]
    public async Task Empty_text_or_a_bad_number_is_a_400_naming_the_gateway_field()
    {
        using var api = host.Client();
        var empty = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "   ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(empty))["errors"]![ChannelHost.SmsText]);

        var shortText = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "tolong");
        Assert.Equal(HttpStatusCode.BadRequest, shortText.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(shortText))["errors"]![ChannelHost.SmsText]);

        var badNumber = await host.SmsAsync(api.Http, "nomor-saya", "Jalan rusak parah di depan pasar, mohon diperbaiki.");
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(badNumber))["errors"]![ChannelHost.SmsFrom]);

        var notAForm = await host.SmsAsync(api.Http, [], sign: true);
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
    }

    [Fact]
    public async Task A_reply_by_code_reaches_the_same_complaint_only_from_its_number()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var created = await host.SmsAsync(api.Http, number, "Pipa PDAM bocor di Jl. Tidar, air meluap ke jalan sejak pagi.", "gw-" + Guid.NewGuid());
        var code = (await LaporClient.JsonAsync(created))["trackingCode"]!.GetValue<string>();
        await host.Gateway.WaitForAsync(number, d => d.Text.Contains("diterima", StringComparison.Ordinal));

        // Typed loosely on a phone: lower case, and an O where the code has a 0.
        var typed = code.ToLowerInvariant().Replace('0', 'o');
        var replyId = "gw-" + Guid.NewGuid();
        var reply = await host.SmsAsync(api.Http, number, $"{typed} balasan: lokasinya tepat di depan toko bangunan Sinar Jaya.", replyId);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var answer = await LaporClient.JsonAsync(reply);
        Assert.Equal("replied", answer["action"]!.GetValue<string>());
        Assert.Equal(code, answer["trackingCode"]!.GetValue<string>());
        await host.Gateway.WaitForAsync(number, d => d.Text.Contains("diteruskan", StringComparison.Ordinal));

        // The gateway retries the same reply: it is not posted twice.
        var retried = await host.SmsAsync(api.Http, number, $"{typed} balasan: lokasinya tepat di depan toko bangunan Sinar Jaya.", replyId);
        Assert.Equal("replayed", (await LaporClient.JsonAsync(retried))["action"]!.GetValue<string>());

        var timeline = (await ChannelHost.StaffViewAsync(api, code))["timeline"]!.AsArray();
        var replies = timeline.Where(e => e!["message"]?.GetValue<string>() == "lokasinya tepat di depan toko bangunan Sinar Jaya.").ToList();
        Assert.Single(replies);

        // Another number cannot write to it, and learns nothing about it.
        var stranger = ChannelHost.NewNumber();
        var foreign = await host.SmsAsync(api.Http, stranger, $"{code} balasan laporan ini palsu, abaikan saja.");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        await host.Gateway.WaitForAsync(stranger, d => d.Text.Contains("tidak ditemukan", StringComparison.Ordinal));
        Assert.Equal(timeline.Count, (await ChannelHost.StaffViewAsync(api, code))["timeline"]!.AsArray().Count);

        // (Other numbers: this one has used three of its four messages in the flood window.)
        var empty = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), $"{code} balasan");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var broken = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "LPR-12AB balasan kodenya terpotong");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task A_reply_while_on_hold_supplies_the_missing_information()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var created = await host.SmsAsync(api.Http, number, "Ada pungutan di loket pembuatan KTP kelurahan, mohon ditindak.");
        var code = (await LaporClient.JsonAsync(created))["trackingCode"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/hold",
            new { message = "Mohon sebutkan kelurahan dan tanggal kejadian." }, user: "admin.nasional")).StatusCode);

        var reply = await host.SmsAsync(api.Http, number, $"{code} Kelurahan Bareng, tanggal 24 November pagi.");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("submitted", (await LaporClient.JsonAsync(reply))["status"]!.GetValue<string>());
        var timeline = (await ChannelHost.StaffViewAsync(api, code))["timeline"]!.AsArray();
        Assert.Equal("information-supplied", timeline[^1]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_gateway_retry_lands_on_the_same_complaint_and_answers_once()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var id = "gw-" + Guid.NewGuid();
        const string Text = "Angkot jurusan AL sering ngetem lama di depan Pasar Besar, macet parah.";
        var first = await LaporClient.JsonAsync(await host.SmsAsync(api.Http, number, Text, id));
        var again = await host.SmsAsync(api.Http, number, Text, id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await LaporClient.JsonAsync(again);
        Assert.Equal("replayed", second["action"]!.GetValue<string>());
        Assert.Equal(first["trackingCode"]!.GetValue<string>(), second["trackingCode"]!.GetValue<string>());
        await host.Gateway.WaitForAsync(number);
        await Task.Delay(500);
        Assert.Single(host.Gateway.Received, d => d.To == number);
    }

    [Fact]
    public async Task A_flood_from_one_number_is_limited_and_other_numbers_still_pass()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await host.SmsAsync(api.Http, number, $"Pesan berulang nomor {i}: jalan desa rusak dan berlumpur.")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        var refused = await host.SmsAsync(api.Http, number, "Satu pesan lagi tentang jalan desa yang rusak.");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.NotNull((await LaporClient.JsonAsync(refused))["errors"]![ChannelHost.SmsFrom]);

        var other = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "Nomor lain melaporkan jembatan gantung yang rapuh.");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task Answers_are_retried_until_the_gateway_takes_them()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        host.Gateway.FailNext(number, 2);
        var created = await host.SmsAsync(api.Http, number, "Drainase tersumbat di perumahan Sawojajar, banjir setiap hujan.");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sms = await host.Gateway.WaitForAsync(number);
        Assert.Equal(3, sms.Attempt);
        Assert.Contains((await LaporClient.JsonAsync(created))["trackingCode"]!.GetValue<string>(), sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_may_post_flat_json_too()
    {
        using var api = host.Client();
        var number = ChannelHost.NewNumber();
        var body = JsonSerializerBody(new JsonObject
        {
            [ChannelHost.SmsFrom] = number,
            [ChannelHost.SmsText] = "Pohon tumbang menutup Jl. Veteran sejak hujan deras semalam.",
            [ChannelHost.SmsMessageId] = 12345678,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/channels/sms/inbound") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        host.Sign(request, body, host.SmsSecret);
        var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonObject>())!["trackingCode"]!.GetValue<string>();
        Assert.Equal("12345678", (await ChannelHost.StaffViewAsync(api, code))["source"]!["reference"]!.GetValue<string>());
    }

    private static byte[] JsonSerializerBody(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());
}
