using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Lapor.Api.Agencies;
using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Monev;

/// <summary>Monitoring and evaluation (monev): indicators per agency and period, rolled up the tree (docs/monev.md).</summary>
public static class MonevApi
{
    public sealed record Duration(double? MeanHours, double? MedianHours, double? P90Hours,
        double? MeanWorkingDays, double? MedianWorkingDays, double? P90WorkingDays, long Count);

    public sealed record Satisfaction(long Count, double? Average, ImmutableSortedDictionary<int, long> Scores);

    public sealed record SlaCompliance(double? Verification, double? FirstResponse, double? Resolution);

    /// <summary>The indicators of docs/domain.md §6.2 for one period. Percentages are 0–100, null when there is no base.</summary>
    public sealed record Indicators(
        string Period, DateOnly Start, long Received, long Routed, long Assigned, long Bounced,
        long FollowedUp, double? FollowedUpPercent, long Resolved, double? ResolvedPercent,
        Duration FirstResponse, Duration Resolution, SlaCompliance SlaCompliancePercent,
        ImmutableSortedDictionary<string, long> Breaches, long Escalations, long Reopened, double? ReopenRatePercent,
        long Closed, long Archived, Satisfaction Satisfaction,
        ImmutableSortedDictionary<string, long> Channels, ImmutableSortedDictionary<string, long> Categories,
        ImmutableSortedDictionary<string, long> Kinds);

    public sealed record AgencyIndicators(string AgencyId, string Name, AgencyLevel Level, string Scope, MonevPeriod Period,
        DateOnly From, DateOnly To, int Agencies, MonevBacklog Backlog, Indicators Total, ImmutableArray<Indicators> Periods);

    public sealed record Ranked(int Rank, string AgencyId, string Name, AgencyLevel Level, Indicators Total, long Backlog);

    public sealed record Ranking(string AgencyId, DateOnly From, DateOnly To, string OrderBy, ImmutableArray<Ranked> Children);

    public sealed record SeriesPoint(string Period, DateOnly Start, long Received, long FollowedUp, double? FollowedUpPercent,
        long Resolved, double? ResolvedPercent, double? MedianFirstResponseWorkingDays, double? MeanFirstResponseWorkingDays);

    public sealed record Series(string AgencyId, string Scope, MonevPeriod Period, ImmutableArray<SeriesPoint> Points);

    /// <summary>What the public sees: counts, rates and times. No categories, channels or anything per complaint.</summary>
    public sealed record PublicPeriod(string Period, long Received, long FollowedUp, double? FollowedUpPercent, long Resolved,
        double? ResolvedPercent, double? MeanFirstResponseWorkingDays, double? MedianFirstResponseWorkingDays,
        double? SlaFirstResponsePercent, double? SatisfactionAverage);

    public sealed record PublicFigures(string AgencyId, string Name, MonevPeriod Period, PublicPeriod Total, ImmutableArray<PublicPeriod> Periods);

    public static IEndpointRouteBuilder MapMonevApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monev").WithTags("Monev").RequireAuthorization(Policies.StaffOrOverseer);
        group.MapGet("/agencies/{id}", Agency).WithSummary("Indikator instansi per periode (sendiri atau beserta unit di bawahnya)");
        group.MapGet("/agencies/{id}/children", Children).WithSummary("Peringkat instansi/unit di bawahnya");
        group.MapGet("/agencies/{id}/series", SeriesOf).WithSummary("Deret waktu indikator utama");
        group.MapGet("/agencies/{id}/export.csv", Export).WithSummary("Ekspor CSV (UTF-8 BOM, CRLF, RFC 4180; lang=id untuk judul kolom berbahasa Indonesia)");
        group.MapGet("/national", National).WithSummary("Ringkasan nasional");
        app.MapGet("/api/public/monev/agencies/{id}", Public).WithTags("Publik").AllowAnonymous()
            .WithSummary("Angka transparansi publik: jumlah, persentase dan waktu tanggapan (bulanan atau lebih kasar)");
        return app;
    }

    // ---- endpoints --------------------------------------------------------------------------------------------

    private static async Task<Results<Ok<AgencyIndicators>, ProblemHttpResult>> Agency(string id, string? period, string? from, string? to,
        string? scope, HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        var (routing, denied) = await AuthorizeAsync(id, http, grains, authorization);
        if (denied is not null)
        {
            return denied;
        }

        if (Parse(period, from, to, routing!, MonevPeriod.Month, out var query) is { } invalid)
        {
            return invalid;
        }

        if (scope is not (null or "own" or "subtree"))
        {
            return Problems.Invalid("scope", "Harus 'own' atau 'subtree'.");
        }

        var subtree = scope != "own";
        var report = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetMonev(query, subtree));
        return report is null ? Problems.NotFound("Instansi tidak ditemukan.") : TypedResults.Ok(View(routing!, report));
    }

    private static async Task<Results<Ok<AgencyIndicators>, ProblemHttpResult>> National(string? period, string? from, string? to,
        HttpContext http, IGrainFactory grains, IAuthorizationService authorization) =>
        await Agency(AgencyIds.National, period, from, to, "subtree", http, grains, authorization);

    private static async Task<Results<Ok<Ranking>, ProblemHttpResult>> Children(string id, string? from, string? to, string? orderBy,
        HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        var (routing, denied) = await AuthorizeAsync(id, http, grains, authorization);
        if (denied is not null)
        {
            return denied;
        }

        if (Parse("year", from, to, routing!, MonevPeriod.Year, out var query) is { } invalid)
        {
            return invalid;
        }

        var order = orderBy ?? "followedUpPercent";
        if (order is not ("followedUpPercent" or "resolvedPercent" or "medianFirstResponse" or "received"))
        {
            return Problems.Invalid("orderBy", "Harus followedUpPercent, resolvedPercent, medianFirstResponse atau received.");
        }

        var summary = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetSummary());
        var rows = await Task.WhenAll(summary!.Children.Select(async child =>
        {
            var childGrain = grains.GetGrain<IAgencyGrain>(child);
            var report = await Transient.RetryAsync(() => childGrain.GetMonev(query, subtree: true));
            var profile = (await Transient.RetryAsync(() => childGrain.GetSummary()))!.Profile;
            return (Profile: profile, Total: Total(report!), Backlog: report!.Backlog.Total);
        }));
        var ordered = order switch
        {
            "resolvedPercent" => rows.OrderByDescending(r => r.Total.ResolvedPercent ?? -1),
            "medianFirstResponse" => rows.OrderBy(r => r.Total.FirstResponse.MedianWorkingDays ?? double.MaxValue),
            "received" => rows.OrderByDescending(r => r.Total.Received),
            _ => rows.OrderByDescending(r => r.Total.FollowedUpPercent ?? -1),
        };
        var ranked = ordered.ThenBy(r => r.Profile.Id, StringComparer.Ordinal)
            .Select((r, i) => new Ranked(i + 1, r.Profile.Id, r.Profile.Name, r.Profile.Level, r.Total, r.Backlog));
        return TypedResults.Ok(new Ranking(id, query.From, query.To, order, [.. ranked]));
    }

    private static async Task<Results<Ok<Series>, ProblemHttpResult>> SeriesOf(string id, string? period, string? from, string? to, string? scope,
        HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        var result = await Agency(id, period, from, to, scope, http, grains, authorization);
        if (result.Result is not Ok<AgencyIndicators> { Value: { } report })
        {
            return (ProblemHttpResult)result.Result;
        }

        return TypedResults.Ok(new Series(report.AgencyId, report.Scope, report.Period, [.. report.Periods.Select(p => new SeriesPoint(
            p.Period, p.Start, p.Received, p.FollowedUp, p.FollowedUpPercent, p.Resolved, p.ResolvedPercent,
            p.FirstResponse.MedianWorkingDays, p.FirstResponse.MeanWorkingDays))]));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string id, string? period, string? from, string? to,
        string? scope, string? lang, HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        if (lang is not (null or "id" or "en"))
        {
            return Problems.Invalid("lang", "Harus 'id' atau 'en'.");
        }

        var result = await Agency(id, period, from, to, scope, http, grains, authorization);
        if (result.Result is not Ok<AgencyIndicators> { Value: { } report })
        {
            return (ProblemHttpResult)result.Result;
        }

        var csv = MonevCsv.Write(report, indonesian: lang == "id");
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"monev-{report.AgencyId}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.csv");
    }

    private static async Task<Results<Ok<PublicFigures>, ProblemHttpResult>> Public(string id, string? period, string? from, string? to, IGrainFactory grains)
    {
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound("Instansi tidak ditemukan.");
        }

        var routing = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetRouting());
        if (routing is null)
        {
            return Problems.NotFound("Instansi tidak ditemukan.");
        }

        if (period == "day")
        {
            // Day figures of a small unit could single out one report; the public gets months or coarser.
            return Problems.Invalid("period", "Publik: month, quarter atau year.");
        }

        if (Parse(period, from, to, routing, MonevPeriod.Month, out var query) is { } invalid)
        {
            return invalid;
        }

        var report = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetMonev(query, subtree: true));
        var view = View(routing, report!);
        static PublicPeriod P(Indicators i) => new(i.Period, i.Received, i.FollowedUp, i.FollowedUpPercent, i.Resolved, i.ResolvedPercent,
            i.FirstResponse.MeanWorkingDays, i.FirstResponse.MedianWorkingDays, i.SlaCompliancePercent.FirstResponse, i.Satisfaction.Average);
        return TypedResults.Ok(new PublicFigures(routing.AgencyId, routing.Name, query.Period, P(view.Total), [.. view.Periods.Select(P)]));
    }

    // ---- pieces -----------------------------------------------------------------------------------------------

    private static Task<(AgencyRouting? Routing, ProblemHttpResult? Denied)> AuthorizeAsync(string id, HttpContext http, IGrainFactory grains,
        IAuthorizationService authorization) =>
        AgencyApi.AuthorizeAsync(id, http, grains, authorization, "Anda hanya dapat melihat angka monev instansi Anda dan unit di bawahnya.");

    /// <summary>
    /// period = day | month | quarter | year; from/to = "2026", "2026-03" or "2026-03-14" (to is inclusive: "2026-12"
    /// ends on 31 December). Default: the agency's current local year.
    /// </summary>
    internal static ProblemHttpResult? Parse(string? period, string? from, string? to, AgencyRouting routing, MonevPeriod fallback, out MonevQuery query)
    {
        query = null!;
        MonevPeriod p;
        switch (period)
        {
            case null: p = fallback; break;
            case "day": p = MonevPeriod.Day; break;
            case "month": p = MonevPeriod.Month; break;
            case "quarter": p = MonevPeriod.Quarter; break;
            case "year": p = MonevPeriod.Year; break;
            default: return Problems.Invalid("period", "Harus day, month, quarter atau year.");
        }

        var today = IndonesianZones.LocalDate(DateTimeOffset.UtcNow, routing.Zone);
        DateOnly start, end;
        if (from is null)
        {
            start = new DateOnly(today.Year, 1, 1);
        }
        else if (ParseDate(from, last: false) is { } s)
        {
            start = s;
        }
        else
        {
            return Problems.Invalid("from", "Format: yyyy, yyyy-MM atau yyyy-MM-dd.");
        }

        if (to is null)
        {
            end = from is null ? new DateOnly(today.Year, 12, 31) : ParseDate(from, last: true)!.Value;
            if (from is not null && from.Length == 4)
            {
                end = new DateOnly(start.Year, 12, 31);
            }
        }
        else if (ParseDate(to, last: true) is { } e)
        {
            end = e;
        }
        else
        {
            return Problems.Invalid("to", "Format: yyyy, yyyy-MM atau yyyy-MM-dd.");
        }

        if (end < start)
        {
            return Problems.Invalid("to", "Tidak boleh sebelum 'from'.");
        }

        if (end.DayNumber - start.DayNumber > (p == MonevPeriod.Day ? 366 : 3660))
        {
            return Problems.Invalid("to", p == MonevPeriod.Day ? "Per hari paling banyak 367 hari." : "Paling banyak 10 tahun.");
        }

        query = new MonevQuery(p, start, end);
        return null;
    }

    private static DateOnly? ParseDate(string text, bool last)
    {
        var culture = CultureInfo.InvariantCulture;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, culture, out var year) && year is >= 2000 and <= 2100)
        {
            return last ? new DateOnly(year, 12, 31) : new DateOnly(year, 1, 1);
        }

        if (text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", culture, DateTimeStyles.None, out var month) && month.Year is >= 2000 and <= 2100)
        {
            return last ? month.AddMonths(1).AddDays(-1) : month;
        }

        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100
            ? day
            : null;
    }

    internal static AgencyIndicators View(AgencyRouting routing, MonevReport report)
    {
        var periods = report.Buckets.Select(b => Derive(b.Key, b.Start, b.Figures)).ToImmutableArray();
        return new AgencyIndicators(routing.AgencyId, routing.Name, routing.Level, report.Subtree ? "subtree" : "own", report.Query.Period,
            report.Query.From, report.Query.To, report.Agencies, report.Backlog, Total(report), periods);
    }

    private static Indicators Total(MonevReport report) =>
        Derive($"{report.Query.From:yyyy-MM-dd}/{report.Query.To:yyyy-MM-dd}", report.Query.From, MonevFacts.Total(report));

    private static double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 2);

    private static Duration Durations(MinuteHistogram wall, MinuteHistogram working)
    {
        static double? Hours(double? minutes) => minutes is { } m ? Math.Round(m / 60, 2) : null;
        static double? Days(double? minutes) => minutes is { } m ? Math.Round(m / 1440, 3) : null;
        return new Duration(Hours(wall.Mean), Hours(wall.Percentile(0.5)), Hours(wall.Percentile(0.9)),
            Days(working.Mean), Days(working.Percentile(0.5)), Days(working.Percentile(0.9)), wall.Count);
    }

    internal static Indicators Derive(string key, DateOnly start, MonevFigures f)
    {
        var rated = f.Ratings.Values.Sum();
        var ratingSum = f.Ratings.Sum(r => (long)r.Key * r.Value);
        static ImmutableSortedDictionary<string, long> Mix<T>(Dictionary<T, long> mix) where T : notnull =>
            mix.Where(p => p.Value != 0).ToImmutableSortedDictionary(p => p.Key.ToString() ?? "", p => p.Value, StringComparer.Ordinal);
        return new Indicators(key, start, f.Received, f.Routed, f.Assigned, f.Bounced, f.FollowedUp, Percent(f.FollowedUp, f.Assigned),
            f.Resolved, Percent(f.Resolved, f.Assigned),
            Durations(f.FirstResponseMinutes, f.FirstResponseWorkingMinutes), Durations(f.ResolutionMinutes, f.ResolutionWorkingMinutes),
            new SlaCompliance(Percent(f.RoutedWithinSla, f.Routed), Percent(f.FirstResponseWithinSla, f.FollowedUp), Percent(f.ResolvedWithinSla, f.Resolved)),
            Mix(f.Breaches), f.Escalations, f.Reopened, Percent(f.Reopened, f.Resolved), f.Closed, f.Archived,
            new Satisfaction(rated, rated == 0 ? null : Math.Round((double)ratingSum / rated, 2), f.Ratings.ToImmutableSortedDictionary()),
            Mix(f.Channels), Mix(f.Categories), Mix(f.Kinds));
    }
}

/// <summary>CSV that opens cleanly in a spreadsheet: UTF-8 with BOM, CRLF, RFC 4180 quoting.</summary>
public static class MonevCsv
{
    private static readonly (string En, string Id, Func<MonevApi.Indicators, object?> Value)[] Columns =
    [
        ("period", "periode", i => i.Period),
        ("received", "diterima", i => i.Received),
        ("routed", "didisposisikan", i => i.Routed),
        ("assigned", "ditugaskan", i => i.Assigned),
        ("bounced_not_our_authority", "bukan_wewenang", i => i.Bounced),
        ("followed_up", "ditindaklanjuti", i => i.FollowedUp),
        ("followed_up_pct", "persen_ditindaklanjuti", i => i.FollowedUpPercent),
        ("resolved", "selesai", i => i.Resolved),
        ("resolved_pct", "persen_selesai", i => i.ResolvedPercent),
        ("first_response_mean_hours", "tanggapan_pertama_rata_rata_jam", i => i.FirstResponse.MeanHours),
        ("first_response_median_hours", "tanggapan_pertama_median_jam", i => i.FirstResponse.MedianHours),
        ("first_response_p90_hours", "tanggapan_pertama_p90_jam", i => i.FirstResponse.P90Hours),
        ("first_response_mean_working_days", "tanggapan_pertama_rata_rata_hk", i => i.FirstResponse.MeanWorkingDays),
        ("first_response_median_working_days", "tanggapan_pertama_median_hk", i => i.FirstResponse.MedianWorkingDays),
        ("first_response_p90_working_days", "tanggapan_pertama_p90_hk", i => i.FirstResponse.P90WorkingDays),
        ("resolution_mean_hours", "penyelesaian_rata_rata_jam", i => i.Resolution.MeanHours),
        ("resolution_median_hours", "penyelesaian_median_jam", i => i.Resolution.MedianHours),
        ("resolution_p90_hours", "penyelesaian_p90_jam", i => i.Resolution.P90Hours),
        ("resolution_mean_working_days", "penyelesaian_rata_rata_hk", i => i.Resolution.MeanWorkingDays),
        ("resolution_median_working_days", "penyelesaian_median_hk", i => i.Resolution.MedianWorkingDays),
        ("resolution_p90_working_days", "penyelesaian_p90_hk", i => i.Resolution.P90WorkingDays),
        ("sla_verification_pct", "kepatuhan_sla_verifikasi_persen", i => i.SlaCompliancePercent.Verification),
        ("sla_first_response_pct", "kepatuhan_sla_tanggapan_persen", i => i.SlaCompliancePercent.FirstResponse),
        ("sla_resolution_pct", "kepatuhan_sla_penyelesaian_persen", i => i.SlaCompliancePercent.Resolution),
        ("breaches", "pelanggaran_batas_waktu", i => i.Breaches.Values.Sum()),
        ("escalations", "eskalasi", i => i.Escalations),
        ("reopened", "dibuka_kembali", i => i.Reopened),
        ("reopen_rate_pct", "persen_dibuka_kembali", i => i.ReopenRatePercent),
        ("closed", "ditutup", i => i.Closed),
        ("archived", "diarsipkan", i => i.Archived),
        ("ratings", "jumlah_penilaian", i => i.Satisfaction.Count),
        ("satisfaction_avg", "rata_rata_kepuasan", i => i.Satisfaction.Average),
        ("channels", "kanal", i => string.Join("; ", i.Channels.Select(c => $"{c.Key}={c.Value}"))),
        ("categories", "kategori", i => string.Join("; ", i.Categories.Select(c => $"{c.Key}={c.Value}"))),
    ];

    /// <summary>
    /// lang=id: Indonesian headers, ';' separator and decimal comma (what a spreadsheet in the id-ID locale splits
    /// and reads as numbers); otherwise English headers, ',' and a decimal point.
    /// </summary>
    public static byte[] Write(MonevApi.AgencyIndicators report, bool indonesian)
    {
        var separator = indonesian ? ';' : ',';
        var culture = indonesian ? DecimalComma : NumberFormatInfo.InvariantInfo;
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) => text.Append(string.Join(separator, cells.Select(c => Quote(c, separator)))).Append("\r\n");
        Line(new[] { indonesian ? "instansi" : "agency" }.Concat(Columns.Select(c => indonesian ? c.Id : c.En)));
        foreach (var row in report.Periods.Append(report.Total))
        {
            Line(new[] { report.AgencyId }.Concat(Columns.Select(c => Format(c.Value(row), culture))));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    // Not CultureInfo("id-ID"): the service may run with invariant globalization; only the decimal comma matters here.
    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    private static string Format(object? value, NumberFormatInfo culture) => value switch
    {
        null => "",
        double d => d.ToString("0.###", culture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>RFC 4180: a field with the separator, a quote, CR or LF is quoted, quotes doubled. A leading =, +, - or @
    /// is prefixed with an apostrophe so a spreadsheet never runs it as a formula.</summary>
    public static string Quote(string cell, char separator)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '@' or '-' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
