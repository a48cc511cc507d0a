using System.Globalization;
using Lapor.Api.Contracts;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Web;

/// <summary>The submission form as posted; turned into the API's <see cref="SubmitRequest"/>, which the API's handler checks.</summary>
public sealed class ReportForm
{
    public string? Key { get; set; }
    public string? Point { get; set; }
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? IncidentDate { get; set; }
    public string? RegionCode { get; set; }
    public string? LocationDescription { get; set; }
    public string? Category { get; set; }
    public string? TargetAgencyId { get; set; }

    /// <summary>The agency picker's search text and its button (a post that searches instead of submitting).</summary>
    public string? AgencySearch { get; set; }
    public string? FindAgency { get; set; }
    public bool Anonymous { get; set; }
    public bool Confidential { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>Files an earlier post of this form already stored (ids, space-separated; see <see cref="WebAttachments"/>).</summary>
    public string? Staged { get; set; }

    /// <summary>
    /// The API request, and the date's own error when the browser sent something that is not a date. From a service
    /// point's QR code the agency is the point's and the channel is <see cref="Channel.QrCode"/>.
    /// </summary>
    public (SubmitRequest Request, string? DateError) ToRequest(ServicePoint? point, IReadOnlyList<string>? attachmentIds = null)
    {
        ReportKind? kind = Kind switch
        {
            "complaint" => ReportKind.Complaint,
            "aspiration" => ReportKind.Aspiration,
            "informationRequest" => ReportKind.InformationRequest,
            _ => null,
        };
        DateOnly? date = null;
        string? dateError = null;
        if (!string.IsNullOrWhiteSpace(IncidentDate))
        {
            if (DateOnly.TryParseExact(IncidentDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
            }
            else
            {
                dateError = "Tanggal tidak valid; pilih tanggal dari kalender (tahun-bulan-hari).";
            }
        }

        var request = new SubmitRequest(
            kind,
            Title,
            Body,
            date,
            new LocationRequest(RegionCode?.Trim(), null, null, LocationDescription),
            Category,
            point is null ? Channel.Web : Channel.QrCode,
            Anonymous,
            Confidential,
            point?.AgencyId ?? (string.IsNullOrEmpty(TargetAgencyId) ? null : TargetAgencyId),
            new ReporterRequest(Name, Email, Phone),
            attachmentIds);
        return (request, dateError);
    }
}
