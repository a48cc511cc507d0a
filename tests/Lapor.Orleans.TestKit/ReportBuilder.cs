using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lapor.TestKit;

/// <summary>
/// The JSON body of <c>POST /api/complaints</c>. The defaults are a valid complaint (a pothole in Kota Malang by a
/// named reporter); change what a test is about with an object initializer or <c>with</c>. Null members are left out.
/// </summary>
public sealed record ReportBuilder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Kind { get; init; } = "complaint";

    public string Title { get; init; } = "Jalan berlubang di depan sekolah";

    public string Body { get; init; } = "Jalan berlubang besar sudah dua minggu dan membahayakan pengendara motor.";

    public DateOnly IncidentDate { get; init; } = new(2026, 11, 20);

    public ReportLocation Location { get; init; } = new("35.73.01", -7.98, 112.63, "Jl. Ijen");

    public string Category { get; init; } = "Infrastruktur";

    public string? Channel { get; init; } = "web";

    public bool Anonymous { get; init; }

    public bool? Confidential { get; init; } = false;

    public string? TargetAgencyId { get; init; }

    public ReportContact? Reporter { get; init; } = new("Siti Rahayu", "siti.rahayu@example.id", "+6281234567890");

    /// <summary>Ids answered by <c>POST /api/attachments</c> (see <see cref="LaporRequests.Upload(byte[], string?)"/>).</summary>
    public IReadOnlyList<string>? AttachmentIds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A fresh request body (a body can be sent only once).</summary>
    public StringContent ToContent() => new(ToJson(), Encoding.UTF8, "application/json");
}
