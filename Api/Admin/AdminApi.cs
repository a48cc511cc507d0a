using System.Text.Json;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Lapor.Grains.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Admin;

/// <summary>Administration by Admin Nasional: the agency tree, SLA policies, and the working-day calendar.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Administrasi").RequireAuthorization(Policies.NationalAdmin);
        admin.MapPut("/agencies/{id}", DefineAgency).WithSummary("Buat atau ubah instansi");
        admin.MapPut("/agencies/{id}/sla-policy", SetPolicy).WithSummary("Ubah kebijakan SLA instansi (berlaku untuk tenggat baru)");
        admin.MapPut("/calendar/{year:int}", ReplaceYear).WithSummary("Ganti daftar hari libur dan cuti bersama satu tahun");
        admin.MapGet("/calendar", Status).WithSummary("Status kalender: peringatan bila data tahun ini atau tahun depan belum ada");

        var calendar = app.MapGroup("/api/calendar").WithTags("Kalender").AllowAnonymous().AllowsPublicCaching();
        calendar.MapGet("", Overview).WithSummary("Tahun yang datanya tersedia dan yang belum");
        calendar.MapGet("/{year:int}", GetYear).WithSummary("Hari libur dan cuti bersama satu tahun");
        return app;
    }

    public static async Task<Results<Ok<AgencySummary>, ValidationProblem, ProblemHttpResult>> DefineAgency(
        string id, AgencyRequest request, [AsParameters] AdminServices services)
    {
        var errors = new Validation.Errors();
        errors.Slug("id", id, required: true);
        var name = errors.Text("name", request.Name, 3, Validation.MaxShort);
        var parentId = errors.Slug("parentId", request.ParentId, required: false);
        if (request.Level is null)
        {
            errors.Add("level", "Wajib diisi: national, ministry, province, regencyCity atau unit.");
        }

        if (request.Zone is null)
        {
            errors.Add("zone", "Wajib diisi: wib, wita atau wit.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        if (parentId is not null && await WouldLoopAsync(id, parentId, services.Grains) is { } loop)
        {
            return Problems.Invalid("parentId", loop);
        }

        var grain = services.Grains.Reference<IAgencyGrain>(id);
        var rejection = await grain.Define(new AgencyProfile(id, name, request.Level!.Value, parentId, request.Zone!.Value, request.Policy ?? new SlaPolicy()));

        return rejection is not null ? Problems.From<Ok<AgencySummary>>(rejection) : TypedResults.Ok((await grain.GetSummary())!);
    }

    /// <summary>
    /// An agency may not be its own parent or sit below itself. Checked here, walking up from the new parent by each
    /// agency's stored profile, before the agency grain is called: the grain's own check asks the new parent for its
    /// routing, which for a loop would come back to the agency being defined and wait on it until the call times out.
    /// </summary>
    private static async Task<string?> WouldLoopAsync(string id, string parentId, IGrainFactory grains)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (string? current = parentId; current is not null && seen.Count < 64; )
        {
            if (current == id)
            {
                return current == parentId
                    ? "Instansi tidak dapat menjadi induknya sendiri."
                    : "Induk ini akan membentuk siklus dalam pohon instansi.";
            }

            if (!seen.Add(current))
            {
                return null;
            }

            var ancestor = current;
            current = (await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(ancestor).GetPlace()))?.Profile.ParentId;
        }

        return null;
    }

    public static async Task<Results<Ok<AgencySummary>, ValidationProblem, ProblemHttpResult>> SetPolicy(
        string id, SlaPolicy policy, [AsParameters] AdminServices services)
    {
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound("Instansi tidak ditemukan.");
        }

        var grain = services.Grains.Reference<IAgencyGrain>(id);
        var rejection = await grain.SetPolicy(policy);
        return rejection is not null ? Problems.From<Ok<AgencySummary>>(rejection) : TypedResults.Ok((await grain.GetSummary())!);
    }

    public static async Task<Results<Ok<CalendarOverview>, ValidationProblem>> ReplaceYear(int year, JsonElement body, [AsParameters] AdminServices services)
    {
        if (Validation.FindInvalidText(body) is { } broken)
        {
            return Problems.Invalid(broken, "Teks bukan Unicode yang sah (mis. surrogate tunggal).");
        }

        var parsed = HolidayYearParser.Parse(body);
        if (!parsed.IsValid)
        {
            return Problems.Invalid(parsed.Errors);
        }

        if (parsed.Value!.Year != year)
        {
            return Problems.Invalid("year", $"Tahun di isi ({parsed.Value.Year}) tidak sama dengan tahun di alamat ({year}).");
        }

        var snapshot = await services.Grains.Reference<ICalendarGrain>(ICalendarGrain.Key).ReplaceYear(parsed.Value);
        services.Cache.Accept(snapshot);
        return TypedResults.Ok(Describe(snapshot, year));
    }

    public static async Task<Ok<CalendarOverview>> Overview([AsParameters] AdminServices services)
    {
        var snapshot = await Transient.RetryAsync(() => services.Grains.Reference<ICalendarGrain>(ICalendarGrain.Key).GetYears());
        return TypedResults.Ok(Describe(snapshot, services.Time.GetUtcNow().Year + 1));
    }

    private static async Task<Ok<CalendarStatus>> Status(IGrainFactory grains, TimeProvider time)
    {
        var snapshot = await Transient.RetryAsync(() => grains.Reference<ICalendarGrain>(ICalendarGrain.Key).GetYears());
        var years = snapshot.Years.Select(y => y.Year).ToList();
        var missing = CalendarCoverage.MissingAhead(years, time.GetUtcNow());
        return TypedResults.Ok(new CalendarStatus(snapshot.Version, years, missing, CalendarCoverage.Warning(missing)));
    }

    private static CalendarOverview Describe(CalendarSnapshot snapshot, int upTo)
    {
        var years = snapshot.Years.Select(y => y.Year).ToList();
        var from = Math.Min(years.DefaultIfEmpty(upTo).Min(), upTo);
        var missing = Enumerable.Range(from, upTo - from + 1).Where(y => !years.Contains(y)).ToList();
        return new CalendarOverview(snapshot.Version, years, missing);
    }

    public static async Task<Results<Ok<CalendarYearView>, ProblemHttpResult>> GetYear(int year, [AsParameters] AdminServices services)
    {
        var snapshot = await Transient.RetryAsync(() => services.Grains.Reference<ICalendarGrain>(ICalendarGrain.Key).GetYears());
        var found = snapshot.Years.FirstOrDefault(y => y.Year == year);
        if (found is null)
        {
            return TypedResults.Problem(
                title: $"Data hari libur tahun {year} belum tersedia.",
                detail: "Tenggat di tahun ini hanya melewati akhir pekan sampai admin mengisi daftar hari libur dan cuti bersama.",
                statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["missingYear"] = year });
        }

        var shipped = BuiltInHolidays.Load().Any(y => y == found);
        return TypedResults.Ok(new CalendarYearView(found.Year, found.Source, shipped, found.Days));
    }
}
