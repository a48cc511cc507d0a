using System.Globalization;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Open311;

/// <summary>
/// Complaints in Open311 terms. Every answer is built from what the public may see (the public view or the public
/// feed), so rahasia reports never appear and no reporter identity or coordinates ever do; the one exception, a
/// report not yet published, shows its status alone (<see cref="StatusOnly"/>).
/// </summary>
public static class Open311Requests
{
    /// <summary>The specification's description limit.</summary>
    public const int MaxDescription = 4_000;

    /// <summary>closed: the agency resolved it, it was closed, or it was archived; open: anything before.</summary>
    public static string Status(ComplaintStatus status) =>
        status is ComplaintStatus.Resolved or ComplaintStatus.Closed or ComplaintStatus.Archived ? "closed" : "open";

    /// <summary>A published complaint from its public view.</summary>
    public static O311Object FromPublicView(ComplaintView view, O311Jurisdiction jurisdiction, O311Agency? responsible, AgencyZone zone)
    {
        var service = jurisdiction.ForCategory(view.Category);
        var lastEntry = view.Timeline.Length > 0 ? view.Timeline[^1] : null;
        var notes = lastEntry?.Message is { Length: > 0 } message ? $"{view.StatusLabel}: {Cut(message, 1_000)}" : view.StatusLabel;
        var updated = view.Status == ComplaintStatus.Closed && view.ClosedAt is { } closed ? closed : lastEntry?.At ?? view.SubmittedAt;
        return Request(view.Id, view.Status, notes, service?.Name ?? view.Category, service?.Code, Cut(view.Body, MaxDescription),
            responsible?.Name, view.SubmittedAt, updated, Expected(view), view.Location?.Description, view.Location?.RegionCode, zone);
    }

    /// <summary>A published complaint from its public-feed line (no chronology there: the description is the title).</summary>
    public static O311Object FromSummary(PublicSummary summary, O311Jurisdiction jurisdiction, O311Agency? responsible, AgencyZone zone)
    {
        var service = jurisdiction.ForCategory(summary.Category);
        return Request(summary.Id, summary.Status, summary.StatusLabel, service?.Name ?? summary.Category, service?.Code, summary.Title,
            responsible?.Name, summary.SubmittedAt, summary.UpdatedAt, null, null, null, zone);
    }

    /// <summary>
    /// A report that is not published (not yet verified, on hold, bounced or archived): its status and times only,
    /// no content, so the client that filed it can follow it. Never used for rahasia reports.
    /// </summary>
    public static O311Object StatusOnly(string id, ComplaintStatus status, DateTimeOffset submittedAt, DateTimeOffset updatedAt,
        DateTimeOffset? expected, AgencyZone zone) =>
        Request(id, status, StatusLabels.Label(status), null, null, null, null, submittedAt, updatedAt, expected, null, null, zone);

    private static O311Object Request(string id, ComplaintStatus status, string? notes, string? serviceName, string? serviceCode,
        string? description, string? agency, DateTimeOffset requested, DateTimeOffset updated, DateTimeOffset? expected,
        string? address, string? addressId, AgencyZone zone)
    {
        DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(IndonesianZones.Offset(zone));
        return new O311Object("request",
        [
            new O311Value("service_request_id", id),
            new O311Value("status", Status(status)),
            new O311Value("status_notes", notes),
            new O311Value("service_name", serviceName),
            new O311Value("service_code", serviceCode),
            new O311Value("description", description),
            new O311Value("agency_responsible", agency),
            new O311Value("service_notice", null),
            new O311Value("requested_datetime", Local(requested)),
            new O311Value("updated_datetime", Local(updated)),
            new O311Value("expected_datetime", expected is { } e ? Local(e) : null),
            new O311Value("address", address),
            new O311Value("address_id", addressId),
            new O311Value("zipcode", null),
            // Coordinates are never public (docs/domain.md §5).
            new O311Value("lat", null),
            new O311Value("long", null),
            new O311Value("media_url", null),
        ]);
    }

    /// <summary>
    /// When the engine holds the agency to act next: the running deadline of the primary agency (first response or
    /// resolution), or of verification (or re-routing) before routing. None while on hold, once resolved (those
    /// clocks wait on the reporter, not the agency) or finished.
    /// </summary>
    public static DateTimeOffset? Expected(ComplaintView view)
    {
        if (view.Status is ComplaintStatus.Resolved or ComplaintStatus.Closed or ComplaintStatus.Archived)
        {
            return null;
        }

        var primary = view.Assignments.FirstOrDefault(a => a.Primary)?.Deadline;
        var deadline = primary ?? view.Deadline;
        return deadline is { Paused: false } d
            && d.Step is DeadlineStep.Verification or DeadlineStep.Rerouting or DeadlineStep.FirstResponse or DeadlineStep.Resolution
                ? d.DueAt
                : null;
    }

    /// <summary>The agency handling the complaint now: the primary's unit if it has one, else the primary agency.</summary>
    public static string? ResponsibleAgencyId(ComplaintView view) =>
        view.Assignments.FirstOrDefault(a => a.Primary) is { } primary ? primary.UnitId ?? primary.AgencyId : null;

    private static string? Cut(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>W3C date-times (https://www.w3.org/TR/NOTE-datetime) as Open311 arguments.</summary>
public static class O311Dates
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// A complete date (local midnight in <paramref name="zone"/>) or a date-time with its zone designator (Z or
    /// ±hh:mm, which the specification makes mandatory).
    /// </summary>
    public static bool TryParse(string? text, AgencyZone zone, out DateTimeOffset at)
    {
        at = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            at = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), IndonesianZones.Offset(zone));
            return true;
        }

        var designated = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return designated && DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }
}
