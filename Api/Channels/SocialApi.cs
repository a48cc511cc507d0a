using System.Security.Claims;
using System.Text.RegularExpressions;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

public sealed record SocialAuthorRequest(string? Handle, string? Name);

/// <summary>A social-media post as an integrator sends it. Everything is nullable so a missing field is named (400).</summary>
public sealed record SocialReportRequest(
    string? Platform,
    string? PostId,
    string? OriginalPostId,
    string? PostUrl,
    DateTimeOffset? PostedAt,
    SocialAuthorRequest? Author,
    string? Text,
    string? Title,
    string? Category,
    string? RegionCode,
    ReportKind? Kind,
    bool? Anonymous,
    bool? Confidential,
    string? TargetAgencyId);

/// <summary>The tracking code of the post's complaint, and whether the post (or a repost of it) had come in before.</summary>
public sealed record SocialReportAnswer(string TrackingCode, bool Duplicate, ComplaintStatus Status, string PostReference);

/// <summary>
/// The social-media door for trusted integrators (a monitoring desk, a city's "Lapor! Sam" rubric): a post becomes a
/// complaint with channel <see cref="Channel.SocialMedia"/> and its post reference recorded. The tracking code is
/// derived from the post reference (platform and the original post's id), so the same post, or any repost of it
/// sent with <c>originalPostId</c>, always answers the same complaint.
/// </summary>
public static partial class SocialApi
{
    public const string Path = "/api/channels/social/reports";
    public const string IntegratorPolicy = "channel-social-integrator";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex PlatformPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:.\-]{1,128}$")]
    private static partial Regex PostIdPattern();

    public static IEndpointRouteBuilder MapSocialChannel(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<SocialChannelOptions>>().Value.Integrators.Count == 0)
        {
            return app;
        }

        app.MapPost(Path, Submit)
            .WithTags("Kanal")
            .WithSummary("Laporan dari media sosial oleh integrator tepercaya (kunci API); kiriman ulang dari pos yang sama tidak membuat laporan kedua")
            .RequireAuthorization(IntegratorPolicy)
            .RequireRateLimiting(ChannelRateLimits.Social);
        return app;
    }

    private static async Task<Results<Created<SocialReportAnswer>, Ok<SocialReportAnswer>, ValidationProblem, ProblemHttpResult>> Submit(
        [FromBody] SocialReportRequest? request, HttpContext http, IOptions<SocialChannelOptions> settings,
        IGrainFactory grains, SubmissionKeys keys, TimeProvider time)
    {
        if (request is null)
        {
            return Problems.Invalid("body", "Isi permintaan wajib berupa objek JSON.");
        }

        var integratorId = http.User.FindFirstValue(SocialIntegratorHandler.IntegratorClaim)!;
        var integrator = settings.Value.Integrators[integratorId];
        var errors = new Validation.Errors();
        if (request.Platform is null || !PlatformPattern().IsMatch(request.Platform))
        {
            errors.Add("platform", "Wajib: huruf kecil, angka dan tanda hubung (mis. x, instagram, facebook, tiktok).");
        }

        if (request.PostId is null || !PostIdPattern().IsMatch(request.PostId))
        {
            errors.Add("postId", "Wajib: 1–128 huruf, angka atau _ : . -");
        }

        if (request.OriginalPostId is { } original && !PostIdPattern().IsMatch(original))
        {
            errors.Add("originalPostId", "1–128 huruf, angka atau _ : . -");
        }

        Uri? url = null;
        if (request.PostUrl is { Length: > 0 } postUrl
            && (postUrl.Length > 500 || !Uri.TryCreate(postUrl, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add("postUrl", "Alamat http(s) lengkap, paling banyak 500 karakter.");
        }

        var handle = errors.OptionalText("author.handle", request.Author?.Handle, 100);
        var authorName = errors.OptionalText("author.name", request.Author?.Name, 100);
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors.Add("text", "Wajib diisi: isi unggahan.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var name = (authorName, handle) switch
        {
            (null, null) => null,
            ({ } n, null) => n,
            (null, { } h) => h,
            ({ } n, { } h) => $"{n} ({h})",
        };
        var reference = $"{request.Platform}:{request.OriginalPostId ?? request.PostId}";
        var today = IndonesianZones.LocalDate(time.GetUtcNow(), AgencyZone.Wib);
        var incident = request.PostedAt is { } posted ? IndonesianZones.LocalDate(posted, AgencyZone.Wib) : today;
        var submit = new SubmitRequest(request.Kind ?? ReportKind.Complaint,
            request.Title ?? ChannelIntake.TitleFrom(request.Text, $"Laporan dari {request.Platform}"),
            request.Text, incident, new LocationRequest(request.RegionCode ?? integrator.RegionCode, null, null, null),
            request.Category ?? integrator.Category, Channel.SocialMedia, request.Anonymous ?? false, request.Confidential ?? false,
            request.TargetAgencyId ?? integrator.TargetAgencyId,
            name is null ? null : new ReporterRequest(name.Length > 100 ? name[..100] : name, null, null));
        var source = new ReportSource(request.Platform!, request.PostId!, url?.AbsoluteUri, integratorId);
        // The request hash is the post reference alone: a repost with other words or another integrator's defaults
        // is still the same post, and replays the complaint instead of being refused as a conflicting retry.
        var result = await ChannelIntake.SubmitAsync(grains, keys, time, submit, "social\n" + reference, ChannelIntake.Hash("social", reference), source);
        if (result.Errors.Count > 0)
        {
            var titleGiven = request.Title is not null;
            return Problems.Invalid(result.Errors.Select(e => (e.Field switch
            {
                "body" => "text",
                "title" => titleGiven ? "title" : "text",
                "incidentDate" => "postedAt",
                "location" or "location.regionCode" => "regionCode",
                "reporter.name" => "author",
                _ => e.Field,
            }, e.Message)));
        }

        if (result.Rejection is { } rejection)
        {
            return rejection.Kind == RejectionKind.InvalidInput ? Problems.Invalid(rejection.Field ?? "body", rejection.Message) : Problems.Status(rejection);
        }

        var answer = new SocialReportAnswer(result.TrackingCode, result.Replayed, result.View!.Status, reference);
        return result.Replayed ? TypedResults.Ok(answer) : TypedResults.Created((string?)null, answer);
    }
}
