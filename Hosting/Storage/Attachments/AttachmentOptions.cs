using Microsoft.Extensions.Configuration;

namespace Lapor.Hosting.Storage.Attachments;

/// <summary>Limits and places for attachments, bound from <c>Lapor:Attachments</c> (docs/operations.md).</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Lapor:Attachments";

    /// <summary>The most any complaint message may carry, whatever the settings say (the grain keeps ids only, bounded).</summary>
    public const int HardMaxPerMessage = Domain.Complaints.ComplaintRules.MaxAttachmentsPerEntry;

    /// <summary>Largest accepted file, in bytes (default 25 MiB).</summary>
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Attachments one submission, reply or follow-up may carry (1–10, default 5).</summary>
    public int MaxPerMessage { get; set; } = 5;

    /// <summary>Attachments one complaint may hold in all (default 20).</summary>
    public int MaxPerComplaint { get; set; } = 20;

    /// <summary>Accepted types by name: jpeg, png, webp, pdf, mp4, mov. Empty or unset: all of them.</summary>
    public string[]? AllowedTypes { get; set; }

    /// <summary>How long an upload no message refers to is kept before the cleaner removes it (default 24 hours).</summary>
    public TimeSpan StagedLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the cleaner looks for such uploads (default 10 minutes).</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Embedded: where the files live. Default <c>&lt;DataFolder&gt;/attachments</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>Production: where an upload is written while it is checked, before it goes into the database. Default: the system's temp folder.</summary>
    public string? TempFolder { get; set; }

    public static AttachmentOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AttachmentOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.MaxPerMessage = Math.Clamp(options.MaxPerMessage, 1, HardMaxPerMessage);
        options.MaxPerComplaint = Math.Max(options.MaxPerComplaint, options.MaxPerMessage);
        options.MaxFileBytes = Math.Max(1, options.MaxFileBytes);
        return options;
    }
}
