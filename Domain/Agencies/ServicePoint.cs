namespace Lapor.Domain.Agencies;

/// <summary>
/// A service point (a counter, an office) of an agency where a QR code leads citizens to the report form with the
/// agency chosen. Its id is "{agencyId}.{number}", so the agency is known from the code alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.ServicePoint")]
public sealed record ServicePoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string AgencyId,
    [property: Id(2)] int Number,
    [property: Id(3)] string Name,
    [property: Id(4)] string Address,
    [property: Id(5)] DateTimeOffset UpdatedAt)
{
    /// <summary>An agency keeps at most this many service points (a bounded list in its own state).</summary>
    public const int MaxPerAgency = 200;

    public static string IdOf(string agencyId, int number) => $"{agencyId}.{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Splits "{agencyId}.{number}"; null when the text is not of that shape.</summary>
    public static (string AgencyId, int Number)? Parse(string? id)
    {
        var dot = id?.LastIndexOf('.') ?? -1;
        return dot > 0 && int.TryParse(id.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number is > 0 and < 1_000_000
            ? (id![..dot], number)
            : null;
    }
}
