using System.Text.Json;
using System.Text.RegularExpressions;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>What the gateway gets back: the tracking code and what happened (created, replied, replayed).</summary>
public sealed record SmsAnswer(string TrackingCode, string Action, ComplaintStatus? Status);

/// <summary>
/// The SMS door for a gateway (e.g. SMS 1708): a message becomes a complaint with channel <see cref="Channel.Sms"/>
/// and the sender gets its tracking code back through the gateway's outbound webhook; a message that starts with a
/// tracking code (<c>LPR-XXXXXXXXXX-XXX balasan …</c>) is a reply to that complaint (or, while it is on hold, the
/// information asked for), accepted only from the number that filed it. Off unless configured (docs/channels.md).
/// </summary>
public static partial class SmsApi
{
    public const string Path = "/api/channels/sms/inbound";
    public const string GatewayPolicy = "channel-sms-gateway";

    /// <summary>A reply: the code (Crockford base32, read leniently: O as 0, I and L as 1), an optional "balas(an)", the text.</summary>
    [GeneratedRegex(@"^\s*LPR[-\s]?(?<code>[0-9A-Za-z]{10}(?:-[0-9A-Za-z]{3})?)(?![0-9A-Za-z])[\s:,.-]*(?:balas(?:an)?\b[\s:,.-]*)?(?<text>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ReplyPattern();

    [GeneratedRegex(@"^\s*LPR\b", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeCode();

    public static IEndpointRouteBuilder MapSmsChannel(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SmsChannelOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        app.MapPost(Path, Inbound)
            .WithTags("Kanal")
            .WithSummary("SMS masuk dari gerbang SMS (bertanda tangan): laporan baru atau balasan dengan kode pelacakan")
            .RequireAuthorization(GatewayPolicy)
            .RequireRateLimiting(ChannelRateLimits.Sms);
        return app;
    }

    private static async Task<Results<Created<SmsAnswer>, Ok<SmsAnswer>, ValidationProblem, ProblemHttpResult>> Inbound(
        HttpContext http, IOptions<SmsChannelOptions> settings, IGrainFactory grains, SubmissionKeys keys, TimeProvider time,
        SmsOutbox outbox, SmsFloodGuard flood, SmsRecentMessages recent)
    {
        var o = settings.Value;
        var fields = await ReadFieldsAsync(http.Request);
        if (fields is null)
        {
            return Problems.Invalid("body", "Isi harus formulir (application/x-www-form-urlencoded) atau objek JSON datar.");
        }

        var errors = new Validation.Errors();
        var from = NormalizeNumber(fields.GetValueOrDefault(o.Fields.From));
        if (from is null)
        {
            errors.Add(o.Fields.From, "Nomor pengirim wajib ada: 8–15 angka, boleh diawali + atau 0.");
        }

        var text = errors.Text(o.Fields.Text, fields.GetValueOrDefault(o.Fields.Text), 1, Validation.MaxBody);
        var messageId = fields.GetValueOrDefault(o.Fields.MessageId)?.Trim();
        if (messageId is { Length: 0 })
        {
            messageId = null;
        }

        if (messageId is { Length: > 128 } || messageId?.Any(char.IsControl) == true)
        {
            errors.Add(o.Fields.MessageId, "Paling banyak 128 karakter yang dapat dicetak.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        if (flood.Refuse(from!) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Terlalu banyak pesan dari nomor ini.", statusCode: StatusCodes.Status429TooManyRequests,
                detail: $"Coba lagi dalam {wait} detik.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [o.Fields.From] = ["Terlalu banyak pesan dari nomor ini."] } });
        }

        var reply = ReplyPattern().Match(text);
        if (reply.Success)
        {
            return await ReplyAsync(o, from!, Crockford(reply.Groups["code"].Value), reply.Groups["text"].Value.Trim(), messageId,
                grains, keys, outbox, recent);
        }

        if (LooksLikeCode().IsMatch(text))
        {
            await outbox.EnqueueAsync(new OutboundSms(from!, "LAPOR!: Kode laporan tidak dikenali. Tulis: kode laporan (LPR-XXXXXXXXXX-XXX) spasi isi balasan Anda.", null,
                $"unknown-code\n{from}\n{messageId ?? Guid.NewGuid().ToString("N")}"));
            return Problems.Invalid(o.Fields.Text, "Pesan diawali LPR tetapi kodenya tidak utuh (LPR-, 10 karakter, tanda hubung dan 3 karakter pemeriksa).");
        }

        return await SubmitAsync(o, from!, text, messageId, grains, keys, time, outbox);
    }

    private static async Task<Results<Created<SmsAnswer>, Ok<SmsAnswer>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SmsChannelOptions o, string from, string text, string? messageId, IGrainFactory grains, SubmissionKeys keys, TimeProvider time,
        SmsOutbox outbox)
    {
        var today = IndonesianZones.LocalDate(time.GetUtcNow(), AgencyZone.Wib);
        var request = new SubmitRequest(ReportKind.Complaint, ChannelIntake.TitleFrom(text, "Laporan melalui SMS"), text, today,
            new LocationRequest(o.RegionCode, null, null, null), o.Category, Channel.Sms, false, false,
            string.IsNullOrEmpty(o.TargetAgencyId) ? null : o.TargetAgencyId, new ReporterRequest(null, null, from));
        var key = "sms\n" + (messageId ?? from + "\n" + ChannelIntake.Hash(text));
        var result = await ChannelIntake.SubmitAsync(grains, keys, time, request, key, ChannelIntake.Hash("sms", from, text),
            new ReportSource("sms", messageId ?? "-", null, "gerbang-sms"), code => ReporterSecret(keys, from, code));
        if (result.Errors.Count > 0)
        {
            return Problems.Invalid(result.Errors.Select(e => (e.Field switch
            {
                "title" or "body" => o.Fields.Text,
                "reporter.phone" => o.Fields.From,
                _ => e.Field,
            }, e.Message)));
        }

        if (result.Rejection is { } rejection)
        {
            return rejection.Kind == RejectionKind.InvalidInput ? Problems.Invalid(rejection.Field ?? "body", rejection.Message) : Problems.Status(rejection);
        }

        var answer = new SmsAnswer(result.TrackingCode, result.Replayed ? "replayed" : "created", result.View!.Status);
        // Recorded again on a replay, idempotently by the code: a host that stored the complaint but died before this
        // line still answers the sender when the gateway retries (and a retry after success answers nothing new).
        await outbox.EnqueueAsync(new OutboundSms(from,
            $"LAPOR!: Laporan Anda diterima, kode {result.TrackingCode}. Untuk menambah keterangan, balas: {result.TrackingCode} <isi balasan>.",
            result.TrackingCode, $"received\n{result.TrackingCode}"));
        return result.Replayed ? TypedResults.Ok(answer) : TypedResults.Created((string?)null, answer);
    }

    private static async Task<Results<Created<SmsAnswer>, Ok<SmsAnswer>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        SmsChannelOptions o, string from, string code, string message, string? messageId, IGrainFactory grains, SubmissionKeys keys,
        SmsOutbox outbox, SmsRecentMessages recent)
    {
        var errors = new Validation.Errors();
        message = errors.Text(o.Fields.Text, message, 1, Validation.MaxMessage);
        if (errors.Any)
        {
            return Problems.Invalid(o.Fields.Text, "Tulis isi balasan setelah kode laporan.");
        }

        var seenKey = messageId is null ? null : $"{from}\n{messageId}";
        if (seenKey is not null && recent.Seen(seenKey))
        {
            return TypedResults.Ok(new SmsAnswer(code, "replayed", null));
        }

        // The sender proves the complaint is theirs the way every reporter does, with its secret; for SMS reports
        // that secret is derived from the number and the code, so only the number that filed it can reply.
        var grain = grains.Reference<IComplaintGrain>(code);
        var theirs = keys.Codes.Accepts(code)
            && await Transient.RetryAsync(() => grain.VerifySecret(SubmissionKeys.HashSecret(ReporterSecret(keys, from, code))));
        if (!theirs)
        {
            await outbox.EnqueueAsync(new OutboundSms(from, $"LAPOR!: Laporan {code} tidak ditemukan untuk nomor ini.", code,
                $"not-found\n{from}\n{code}\n{messageId ?? Guid.NewGuid().ToString("N")}"));
            return Problems.NotFound();
        }

        // On hold the agency is waiting for exactly this: the message supplies the missing information.
        var scope = await Transient.RetryAsync(() => grain.GetScope());
        ComplaintAction action = scope?.Status == ComplaintStatus.OnHold ? new SupplyInformationAction(message) : new ReplyAction(message);
        var result = await grain.Execute(action, Actor.Reporter, null);
        if (result.Rejection is { } rejection)
        {
            await outbox.EnqueueAsync(new OutboundSms(from, $"LAPOR!: Balasan untuk {code} tidak dapat diterima: {rejection.Message}", code,
                $"refused\n{from}\n{code}\n{messageId ?? Guid.NewGuid().ToString("N")}"));
            return rejection.Kind == RejectionKind.InvalidInput ? Problems.Invalid(rejection.Field ?? "body", rejection.Message) : Problems.Status(rejection);
        }

        if (seenKey is not null)
        {
            recent.Remember(seenKey);
        }

        await outbox.EnqueueAsync(new OutboundSms(from, $"LAPOR!: Balasan Anda untuk {code} sudah diteruskan ke petugas.", code,
            $"replied\n{code}\n{result.View!.Version}"));
        return TypedResults.Ok(new SmsAnswer(code, "replied", result.View!.Status));
    }

    /// <summary>The reporter secret of an SMS report: derived from the sender's number and the tracking code, never sent.</summary>
    private static string ReporterSecret(SubmissionKeys keys, string number, string code) =>
        keys.For($"sms-reporter\n{number}\n{code}").Secret;

    /// <summary>An Indonesian mobile number as +62…: spaces, dashes and dots dropped, a leading 0 or 62 made +62.</summary>
    public static string? NormalizeNumber(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var digits = new string([.. raw.Where(c => c is not (' ' or '-' or '.' or '(' or ')'))]);
        if (digits.StartsWith('0'))
        {
            digits = "+62" + digits[1..];
        }
        else if (digits.StartsWith("62", StringComparison.Ordinal))
        {
            digits = "+" + digits;
        }

        return digits.Length is >= 9 and <= 16 && digits[0] == '+' && digits.Skip(1).All(char.IsAsciiDigit) ? digits : null;
    }

    private static string Crockford(string code) =>
        TrackingCodes.Prefix + new string([.. code.ToUpperInvariant().Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })]);

    /// <summary>The gateway's fields from a form or a flat JSON object; null when the body is neither.</summary>
    private static async Task<Dictionary<string, string?>?> ReadFieldsAsync(HttpRequest request)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                return form.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
            }

            if (request.HasJsonContentType())
            {
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var p in json.RootElement.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.GetRawText(),
                        _ => null,
                    };
                }

                return fields;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or BadHttpRequestException)
        {
        }

        return null;
    }
}
