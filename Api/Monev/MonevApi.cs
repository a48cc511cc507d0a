using System.Collections.Immutable;
using Lapor.Api.Agencies;
using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Monev;

/// <summary>Monitoring and evaluation (monev): indicators per agency and period, rolled up the tree (docs/monev.md).</summary>
public static class MonevApi
{
    public const string DeniedTitle = "Anda hanya dapat melihat angka monev instansi Anda dan unit di bawahnya.";

    public static IEndpointRouteBuilder MapMonevApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monev").WithTags("Monev").RequireAuthorization(Policies.StaffOrOverseer);
        var agency = group.MapGroup("/agencies/{id}").RequireAgencyAccess(DeniedTitle);
        agency.MapGet("", Agency).WithSummary("Indikator instansi per periode (sendiri atau beserta unit di bawahnya)");
        agency.MapGet("/children", Children).WithSummary("Peringkat instansi/unit di bawahnya");
        agency.MapGet("/series", SeriesOf).WithSummary("Deret waktu indikator utama");
        agency.MapGet("/export.csv", Export).WithSummary("Ekspor CSV (UTF-8 BOM, CRLF, RFC 4180; lang=id untuk judul kolom berbahasa Indonesia)");
        group.MapGet("/national", National).RequireAgencyAccess(DeniedTitle, AgencyIds.National).WithSummary("Ringkasan nasional");
        app.MapGet("/api/public/monev/agencies/{id}", Public).WithTags("Publik").AllowAnonymous().AllowsPublicCaching()
            .WithSummary("Angka transparansi publik: jumlah, persentase dan waktu tanggapan (bulanan atau lebih kasar)");
        return app;
    }

    public static async Task<Results<Ok<AgencyIndicators>, ValidationProblem, ProblemHttpResult>> Agency(
        string id, [AsParameters] MonevRange range, string? scope, [AsParameters] AgencyServices services)
    {
        var routing = services.Http.AuthorizedAgency();
        if (MonevQueryParser.Parse(range, Today(routing, services.Time), MonevPeriod.Month, out var query) is { } invalid)
        {
            return invalid;
        }

        if (scope is not (null or "own" or "subtree"))
        {
            return Problems.Invalid("scope", "Harus 'own' atau 'subtree'.");
        }

        var subtree = scope != "own";
        var report = await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(routing.AgencyId).GetMonev(query, subtree));
        return report is null ? Problems.NotFound(AgencyAccessFilter.NotFoundTitle) : TypedResults.Ok(AgencyIndicators.Of(routing, report));
    }

    public static Task<Results<Ok<AgencyIndicators>, ValidationProblem, ProblemHttpResult>> National(
        [AsParameters] MonevRange range, [AsParameters] AgencyServices services) =>
        Agency(AgencyIds.National, range, "subtree", services);

    public static async Task<Results<Ok<Ranking>, ValidationProblem>> Children(
        string id, string? from, string? to, string? orderBy, [AsParameters] AgencyServices services)
    {
        var routing = services.Http.AuthorizedAgency();
        var range = new MonevRange { Period = "year", From = from, To = to };
        if (MonevQueryParser.Parse(range, Today(routing, services.Time), MonevPeriod.Year, out var query) is { } invalid)
        {
            return invalid;
        }

        var order = orderBy ?? "followedUpPercent";
        if (order is not ("followedUpPercent" or "resolvedPercent" or "medianFirstResponse" or "received"))
        {
            return Problems.Invalid("orderBy", "Harus followedUpPercent, resolvedPercent, medianFirstResponse atau received.");
        }

        // One call: the agency keeps its children's rows until their figures move (the national ranking has ~190).
        var standings = await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(routing.AgencyId).GetChildStandings(query));
        var rows = standings.Select(row => (row.Profile, Total: MonevIndicators.Total(query, row.Total), row.Backlog));
        var ordered = order switch
        {
            "resolvedPercent" => rows.OrderByDescending(r => r.Total.ResolvedPercent ?? -1),
            "medianFirstResponse" => rows.OrderBy(r => r.Total.FirstResponse.MedianWorkingDays ?? double.MaxValue),
            "received" => rows.OrderByDescending(r => r.Total.Received),
            _ => rows.OrderByDescending(r => r.Total.FollowedUpPercent ?? -1),
        };
        var ranked = ordered.ThenBy(r => r.Profile.Id, StringComparer.Ordinal)
            .Select((r, i) => new Ranked(i + 1, r.Profile.Id, r.Profile.Name, r.Profile.Level, r.Total, r.Backlog));
        return TypedResults.Ok(new Ranking(routing.AgencyId, query.From, query.To, order, [.. ranked]));
    }

    public static async Task<Results<Ok<Series>, ValidationProblem, ProblemHttpResult>> SeriesOf(
        string id, [AsParameters] MonevRange range, string? scope, [AsParameters] AgencyServices services) =>
        (await Agency(id, range, scope, services)).Result switch
        {
            Ok<AgencyIndicators> { Value: { } report } => TypedResults.Ok(new Series(report.AgencyId, report.Scope, report.Period,
                [.. report.Periods.Select(p => new SeriesPoint(p.Period, p.Start, p.Received, p.FollowedUp, p.FollowedUpPercent,
                    p.Resolved, p.ResolvedPercent, p.FirstResponse.MedianWorkingDays, p.FirstResponse.MeanWorkingDays))])),
            ValidationProblem invalid => invalid,
            var other => (ProblemHttpResult)other,
        };

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        string id, [AsParameters] MonevRange range, string? scope, string? lang, [AsParameters] AgencyServices services)
    {
        if (lang is not (null or "id" or "en"))
        {
            return Problems.Invalid("lang", "Harus 'id' atau 'en'.");
        }

        return (await Agency(id, range, scope, services)).Result switch
        {
            Ok<AgencyIndicators> { Value: { } report } => TypedResults.File(MonevCsv.Write(report, indonesian: lang == "id"),
                "text/csv; charset=utf-8", $"monev-{report.AgencyId}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.csv"),
            ValidationProblem invalid => invalid,
            var other => (ProblemHttpResult)other,
        };
    }

    public static async Task<Results<Ok<PublicFigures>, ValidationProblem, ProblemHttpResult>> Public(
        string id, [AsParameters] MonevRange range, [AsParameters] AgencyServices services)
    {
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound(AgencyAccessFilter.NotFoundTitle);
        }

        var grain = services.Grains.Reference<IAgencyGrain>(id);
        var routing = await Transient.RetryAsync(grain.GetRouting);
        if (routing is null)
        {
            return Problems.NotFound(AgencyAccessFilter.NotFoundTitle);
        }

        if (range.Period == "day")
        {
            // Day figures of a small unit could single out one report; the public gets months or coarser.
            return Problems.Invalid("period", "Publik: month, quarter atau year.");
        }

        if (MonevQueryParser.Parse(range, Today(routing, services.Time), MonevPeriod.Month, out var query) is { } invalid)
        {
            return invalid;
        }

        var report = await Transient.RetryAsync(() => grain.GetMonev(query, subtree: true));
        var view = AgencyIndicators.Of(routing, report!);
        return TypedResults.Ok(new PublicFigures(routing.AgencyId, routing.Name, query.Period,
            PublicPeriod.From(view.Total), [.. view.Periods.Select(PublicPeriod.From)]));
    }

    /// <summary>Today in the agency's own zone, from the host's clock.</summary>
    /// <summary>
    /// The public ranking's rows: each agency right below <paramref name="id"/> with its subtree's public figures over the
    /// years asked, in one call to the agency's kept ranking rows (empty when the agency or the range is unknown; the
    /// page's own figures answer for those).
    /// </summary>
    public static async Task<ImmutableArray<PublicFigures>> PublicChildren(string id, string? from, string? to, AgencyServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var grain = services.Grains.Reference<IAgencyGrain>(id);
        if (!Validation.IsSlug(id) || await Transient.RetryAsync(grain.GetRouting) is not { } routing
            || MonevQueryParser.Parse(new MonevRange { Period = "year", From = from, To = to }, Today(routing, services.Time), MonevPeriod.Year, out var query) is not null)
        {
            return [];
        }

        var standings = await Transient.RetryAsync(() => grain.GetChildStandings(query));
        return [.. standings.Select(s => new PublicFigures(s.Profile.Id, s.Profile.Name, query.Period, PublicPeriod.From(MonevIndicators.Total(query, s.Total)), []))];
    }

    private static DateOnly Today(AgencyRouting routing, TimeProvider time) => IndonesianZones.LocalDate(time.GetUtcNow(), routing.Zone);
}
