using System.Globalization;
using System.Security.Claims;
using Lapor.Api.Channels;
using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Lapor.Grains.Indexes;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Open311;

/// <summary>
/// An Open311 GeoReport v2 server (https://wiki.open311.org/GeoReport_v2) under <c>/open311</c>: discovery,
/// services, service definitions, POST and GET requests, tokens, in XML (<c>.xml</c>) and JSON (<c>.json</c>).
/// Reports enter the same workflow as every other (channel <see cref="Channel.Open311"/>); reads show what the
/// public may see. The mapping is in docs/channels.md.
/// </summary>
public static class Open311Api
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    public const string SubmitPolicy = "open311-submit";
    private const int MaxIdsPerList = 100;
    /// <summary>Pages of the public list one GET requests reads at most while filtering by jurisdiction.</summary>
    private const int MaxListPages = 10;
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<Open311Options>>().Value.Enabled)
        {
            return app;
        }

        // Builds (and so checks) the catalogue now: a wrong setting stops the host at start, naming it.
        app.ServiceProvider.GetRequiredService<Open311Catalogue>();
        var root = app.MapGroup("/open311").WithTags("Open311");
        root.MapGet("/discovery.{format}", Discovery).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311: berkas penemuan layanan (service discovery)");
        var v2 = root.MapGroup("/v2");
        v2.MapGet("/discovery.{format}", Discovery).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311: berkas penemuan layanan (juga di bawah v2)")
            .ExcludeFromDescription(); // the same document as /open311/discovery, described once
        v2.MapGet("/services.{format}", Services).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311 GET services: kategori sebagai kode layanan per yurisdiksi");
        v2.MapGet("/services/{service_code}.{format}", Definition).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311 GET service definition: atribut layanan");
        v2.MapPost("/requests.{format}", Post).RequireAuthorization(SubmitPolicy).RequireRateLimiting(ChannelRateLimits.Open311Write)
            .WithSummary("Open311 POST requests: kirim laporan (anonim, dengan kontak, atau dengan api_key klien tepercaya)");
        v2.MapGet("/requests.{format}", List).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311 GET requests: laporan yang dipublikasikan, dengan penyaring");
        v2.MapGet("/requests/{service_request_id}.{format}", Get).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311 GET request: status satu laporan");
        v2.MapGet("/tokens/{token}.{format}", Token).AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read)
            .WithSummary("Open311 GET token: service_request_id dari token");
        root.MapFallback("{**path}", (HttpContext http) => O311Results.Errors(O311Results.FromPath(http.Request),
                O311Error.NotFound("Alamat Open311 tidak dikenal; lihat /open311/discovery.xml.")))
            .AllowAnonymous().RequireRateLimiting(ChannelRateLimits.Open311Read).ExcludeFromDescription();
        return app;
    }

    // ---- discovery, services, definitions ----------------------------------------------------------------------

    private static IResult Discovery(string format, HttpContext http, IOptions<Open311Options> options, Open311Start start)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var o = options.Value;
        var url = string.IsNullOrWhiteSpace(o.BaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/open311/v2"
            : o.BaseUrl.TrimEnd('/');
        var changeset = string.IsNullOrWhiteSpace(o.Changeset) ? O311Writer.W3C(start.At) : o.Changeset;
        return O311Results.Document(new O311Object("discovery",
        [
            new O311Value("changeset", changeset),
            new O311Value("contact", o.Contact),
            new O311Value("key_service", o.KeyService),
            new O311List("endpoints",
            [
                new O311Object("endpoint",
                [
                    new O311Value("specification", Specification),
                    new O311Value("url", url),
                    new O311Value("changeset", changeset),
                    new O311Value("type", o.EndpointType),
                    new O311List("formats", [new O311Value("format", "text/xml"), new O311Value("format", "application/json")]),
                ]),
            ]),
        ]), f);
    }

    private static IResult Services(string format, HttpContext http, Open311Catalogue catalogue)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var (jurisdiction, error) = catalogue.Resolve(Arg(http.Request.Query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        return O311Results.Document(new O311List("services", [.. jurisdiction!.Services.Select(s => new O311Object("service",
        [
            new O311Value("service_code", s.Code),
            new O311Value("service_name", s.Name),
            new O311Value("description", s.Description),
            new O311Value("metadata", true),
            new O311Value("type", jurisdiction.Batch ? "batch" : "realtime"),
            new O311Value("keywords", s.Keywords.Count == 0 ? null : string.Join(", ", s.Keywords)),
            new O311Value("group", s.Group),
        ]))]), f);
    }

    private static IResult Definition(string service_code, string format, HttpContext http, Open311Catalogue catalogue)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var (jurisdiction, error) = catalogue.Resolve(Arg(http.Request.Query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        return jurisdiction!.Service(service_code) is { } service
            ? O311Results.Document(Open311Submission.Definition(jurisdiction, service), f)
            : O311Results.Errors(f, O311Error.NotFound("service_code provided was not found: kode layanan tidak dikenal di yurisdiksi ini."));
    }

    // ---- POST requests ---------------------------------------------------------------------------------------------

    private static async Task<IResult> Post(string format, HttpContext http, Open311Catalogue catalogue, Open311Agencies agencies,
        IGrainFactory grains, SubmissionKeys keys, TimeProvider time)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        if (!http.Request.HasFormContentType)
        {
            return O311Results.Errors(f, O311Error.BadRequest("Content-Type harus application/x-www-form-urlencoded (atau multipart/form-data)."));
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return O311Results.Errors(f, O311Error.BadRequest("Isi formulir tidak dapat dibaca (terlalu besar atau rusak)."));
        }

        var (jurisdiction, error) = catalogue.Resolve(Arg(form["jurisdiction_id"]) ?? Arg(http.Request.Query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        var serviceCode = Arg(form["service_code"]);
        if (serviceCode is null)
        {
            return O311Results.Errors(f, O311Error.BadRequest("service_code was not provided: kode layanan wajib diisi."));
        }

        if (jurisdiction!.Service(serviceCode) is not { } service)
        {
            return O311Results.Errors(f, O311Error.NotFound("service_code provided was not found: kode layanan tidak dikenal di yurisdiksi ini."));
        }

        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 0 && (idempotencyKey.Length is < 8 or > 128 || idempotencyKey.Any(char.IsControl)))
        {
            return O311Results.Errors(f, O311Error.BadRequest("Idempotency-Key harus 8–128 karakter yang dapat dicetak (mis. UUID)."));
        }

        try
        {
            var zone = (await agencies.GetAsync(jurisdiction.AgencyId))?.Zone ?? AgencyZone.Wib;
            var parsed = Open311Submission.Parse(form, jurisdiction, service, zone, time.GetUtcNow());
            if (parsed.Errors.Count > 0)
            {
                return O311Results.Errors(f, parsed.Errors);
            }

            var client = http.User.FindFirstValue(Open311ClientHandler.ClientClaim);
            var token = Open311Tokens.New(keys, client, idempotencyKey.Length > 0 ? idempotencyKey : null);
            var fields = form.Where(p => p.Key != "api_key").OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => new[] { p.Key, p.Value.ToString() });
            var requestHash = ChannelIntake.Hash([jurisdiction.Id, .. fields]);
            var source = new ReportSource("open311", $"{jurisdiction.Id}/{service.Code}", null, client);
            var result = await ChannelIntake.SubmitAsync(grains, keys, time, parsed.Request, Open311Tokens.IdempotencyKey(token), requestHash, source);
            if (result.Errors.Count > 0)
            {
                var titleGiven = form.ContainsKey($"attribute[{Open311Submission.Title}]");
                return O311Results.Errors(f, [.. result.Errors.Select(e =>
                    O311Error.BadRequest($"{Open311Submission.ArgumentOf(e.Field, titleGiven)}: {e.Message}"))]);
            }

            if (result.Rejection is { } rejection)
            {
                var field = rejection.Field is { } named ? Open311Submission.ArgumentOf(named, false) + ": " : "";
                return O311Results.Errors(f, O311Error.BadRequest(field + rejection.Message));
            }

            if (result.Replayed)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
            }

            var view = result.View!;
            var notice = view.Deadline is { } due
                ? $"Laporan diterima dan akan diverifikasi paling lambat {IndonesianZones.ToLocal(due.DueAt, zone).ToString("dd-MM-yyyy HH.mm", CultureInfo.InvariantCulture)} {IndonesianZones.Label(zone)}."
                : "Laporan diterima dan akan diverifikasi.";
            O311Node id = jurisdiction.Batch ? new O311Value("token", token) : new O311Value("service_request_id", view.Id);
            return O311Results.Document(new O311List("service_requests",
                [new O311Object("request", [id, new O311Value("service_notice", notice), new O311Value("account_id", null)])]), f);
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            return O311Results.Unavailable(f);
        }
    }

    // ---- GET requests, GET request, GET token ------------------------------------------------------------------------

    private static async Task<IResult> List(string format, HttpContext http, Open311Catalogue catalogue, IOptions<Open311Options> options,
        IPublicIndex publicIndex, Open311Agencies agencies, IGrainFactory grains, TimeProvider time, TrackingCodes trackingCodes)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var query = http.Request.Query;
        var (jurisdiction, error) = catalogue.Resolve(Arg(query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        try
        {
            var home = await agencies.GetAsync(jurisdiction!.AgencyId);
            var zone = home?.Zone ?? AgencyZone.Wib;
            var max = options.Value.MaxRequests;

            // service_request_id overrides every other argument.
            if (Arg(query["service_request_id"]) is { } ids)
            {
                var codes = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
                if (codes.Count > MaxIdsPerList)
                {
                    return O311Results.Errors(f, O311Error.BadRequest($"service_request_id: paling banyak {MaxIdsPerList} kode sekaligus."));
                }

                var found = new List<O311Node>();
                foreach (var code in codes)
                {
                    if (await ReadOneAsync(code, jurisdiction, zone, grains, agencies, trackingCodes) is { } one)
                    {
                        found.Add(one);
                    }
                }

                return O311Results.Document(new O311List("service_requests", found), f);
            }

            var errors = new List<O311Error>();
            var now = time.GetUtcNow();
            DateTimeOffset? Date(string name)
            {
                if (Arg(query[name]) is not { } text)
                {
                    return null;
                }

                if (O311Dates.TryParse(text, zone, out var at))
                {
                    return at;
                }

                errors.Add(O311Error.BadRequest($"{name}: harus tanggal-waktu W3C, mis. 2026-11-01T00:00:00Z."));
                return null;
            }

            var start = Date("start_date");
            var end = Date("end_date");
            var statuses = Arg(query["status"])?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            if (statuses is not null && statuses.Any(s => s is not ("open" or "closed")))
            {
                errors.Add(O311Error.BadRequest("status: open, closed, atau keduanya dipisahkan koma."));
            }

            var (from, to) = (start, end) switch
            {
                (null, null) => (now - MaxSpan, now),
                ({ } s, null) => (s, s + MaxSpan),
                (null, { } e) => (e - MaxSpan, e),
                ({ } s, { } e) => (s, e),
            };
            if (to < from)
            {
                errors.Add(O311Error.BadRequest("end_date: harus setelah start_date."));
            }
            else if (to - from > MaxSpan)
            {
                errors.Add(O311Error.BadRequest("start_date: rentang start_date sampai end_date paling lama 90 hari."));
            }

            if (errors.Count > 0)
            {
                return O311Results.Errors(f, errors);
            }

            var categories = Arg(query["service_code"]) is { } codesText
                ? codesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => jurisdiction.Service(c)?.Category ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase)
                : null;

            // The public list filters by date, service and status in the database; a jurisdiction below the national
            // one is filtered here, over a bounded number of pages.
            var listQuery = new PublicQuery
            {
                PageSize = Math.Min(max, PublicQuery.MaxPageSize),
                SubmittedFrom = from,
                SubmittedTo = to,
                Categories = categories,
                Statuses = statuses is null ? null : [.. Enum.GetValues<ComplaintStatus>().Where(s => statuses.Contains(Open311Requests.Status(s)))],
            };
            var items = new List<O311Node>();
            for (var pages = 0; pages < MaxListPages && items.Count < max; pages++)
            {
                var page = await Transient.RetryAsync(() => publicIndex.PageAsync(listQuery, http.RequestAborted));
                foreach (var summary in page.Items)
                {
                    var agency = await agencies.GetAsync(summary.AgencyId);
                    if (items.Count < max && (jurisdiction.AgencyId == Domain.Agencies.AgencyIds.National
                        || (agency is not null && agency.Path.Contains(jurisdiction.AgencyId))))
                    {
                        items.Add(Open311Requests.FromSummary(summary, jurisdiction, agency, zone));
                    }
                }

                if (page.NextCursor is null)
                {
                    break;
                }

                listQuery = listQuery with { After = InboxCursor.TryDecode(page.NextCursor) };
            }

            return O311Results.Document(new O311List("service_requests", items), f);
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            return O311Results.Unavailable(f);
        }
    }

    private static async Task<IResult> Get(string service_request_id, string format, HttpContext http, Open311Catalogue catalogue,
        Open311Agencies agencies, IGrainFactory grains, TrackingCodes codes)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var (jurisdiction, error) = catalogue.Resolve(Arg(http.Request.Query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        try
        {
            var zone = (await agencies.GetAsync(jurisdiction!.AgencyId))?.Zone ?? AgencyZone.Wib;
            return await ReadOneAsync(service_request_id, jurisdiction, zone, grains, agencies, codes) is { } request
                ? O311Results.Document(new O311List("service_requests", [request]), f)
                : O311Results.Errors(f, O311Error.NotFound("service_request_id provided was not found: laporan tidak ditemukan."));
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            return O311Results.Unavailable(f);
        }
    }

    private static async Task<IResult> Token(string token, string format, HttpContext http, Open311Catalogue catalogue,
        IGrainFactory grains, SubmissionKeys keys)
    {
        if (O311Results.Parse(format) is not { } f)
        {
            return UnknownFormat();
        }

        var (_, error) = catalogue.Resolve(Arg(http.Request.Query["jurisdiction_id"]));
        if (error is not null)
        {
            return O311Results.Errors(f, error);
        }

        try
        {
            var code = Open311Tokens.IsWellFormed(token) ? keys.For(Open311Tokens.IdempotencyKey(token)).TrackingCode : null;
            return code is not null && await Transient.RetryAsync(() => grains.Reference<IComplaintGrain>(code).GetScope()) is not null
                ? O311Results.Document(new O311List("service_requests",
                    [new O311Object("request", [new O311Value("service_request_id", code), new O311Value("token", token)])]), f)
                : O311Results.Errors(f, O311Error.NotFound("token not found: token tidak dikenal."));
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            return O311Results.Unavailable(f);
        }
    }

    /// <summary>
    /// One request as the public may see it: a published, non-rahasia report in full (without reporter or
    /// coordinates); a report not yet published by its status alone, unless it is rahasia; nothing otherwise.
    /// </summary>
    private static async Task<O311Object?> ReadOneAsync(string code, O311Jurisdiction jurisdiction, AgencyZone zone,
        IGrainFactory grains, Open311Agencies agencies, TrackingCodes codes)
    {
        // A made-up code is refused before any grain is touched.
        if (!codes.Accepts(code))
        {
            return null;
        }

        var grain = grains.Reference<IComplaintGrain>(code);
        if (await Transient.RetryAsync(() => grain.View(Viewer.Public)) is { } view)
        {
            return Open311Requests.FromPublicView(view, jurisdiction, await agencies.GetAsync(Open311Requests.ResponsibleAgencyId(view)), zone);
        }

        var scope = await Transient.RetryAsync(() => grain.GetScope());
        if (scope is null || ComplaintRules.IsPublishedStatus(scope.Status))
        {
            return null; // no such report, or a published one the public may not see: rahasia
        }

        // Not published yet. The reporter's view is read only to learn whether it is rahasia and its times; nothing
        // of its content or identity leaves this method.
        var own = await Transient.RetryAsync(() => grain.View(Viewer.Reporter));
        if (own is null || own.Confidential)
        {
            return null;
        }

        var updated = own.Timeline.Length > 0 ? own.Timeline[^1].At : own.SubmittedAt;
        return Open311Requests.StatusOnly(own.Id, own.Status, own.SubmittedAt, updated, Open311Requests.Expected(own), zone);
    }

    /// <summary>An argument, with an empty one the same as a missing one (GeoReport v2, "Optional Arguments").</summary>
    private static string? Arg(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString().Trim() is { Length: > 0 } text ? text : null;

    private static IResult UnknownFormat() =>
        O311Results.Errors(O311Format.Xml, O311Error.BadRequest("Format tidak didukung: gunakan .xml atau .json."));
}

/// <summary>When this host started: the default discovery changeset (settings take effect on a restart).</summary>
public sealed record Open311Start(DateTimeOffset At);
