namespace Lapor.Api.Web;

/// <summary>The track page's forms: the code and secret travel in every post body, never in the address.</summary>
public sealed class TrackForm
{
    public string? Code { get; set; }
    public string? Secret { get; set; }
    public string? Message { get; set; }
    public int? Rating { get; set; }
    public string? Comment { get; set; }

    /// <summary>The reporter ticked that they understand what erasing their personal data means.</summary>
    public bool ConfirmErase { get; set; }

    /// <summary>Files an earlier post of this form already stored (see <see cref="WebAttachments"/>).</summary>
    public string? Staged { get; set; }
}
