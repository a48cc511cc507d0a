using System.Security.Cryptography;
using System.Text;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;

namespace Lapor.Api.Channels;

/// <summary>What a channel door got back from the complaint: the tracking code, the outcome and the reporter's view.</summary>
public sealed record IntakeResult(
    string TrackingCode,
    ComplaintView? View,
    bool Replayed,
    IReadOnlyList<(string Field, string Message)> Errors,
    Rejection? Rejection)
{
    public bool Succeeded => View is not null;
}

/// <summary>
/// The one way the channel doors (Open311, SMS, social media) file a report: the same validation and the same
/// <see cref="IComplaintGrain.Submit"/> as <c>POST /api/complaints</c>, with the tracking code derived from an
/// idempotency key the door builds from its own reference (message id, post, token), so a retry or a repost lands
/// on the same complaint. Channel keys hold a line break, which a client's Idempotency-Key never does, so the two
/// can never collide.
/// </summary>
public static class ChannelIntake
{
    public static async Task<IntakeResult> SubmitAsync(
        IGrainFactory grains, SubmissionKeys keys, TimeProvider time,
        SubmitRequest request, string idempotencyKey, string requestHash, ReportSource? source,
        Func<string, string>? secretFor = null)
    {
        var today = IndonesianZones.LocalDate(time.GetUtcNow(), AgencyZone.Wit);
        var (command, errors) = Validation.Submission(request, today);
        var (code, secret) = keys.For(idempotencyKey);
        if (command is null)
        {
            return new IntakeResult(code, null, false, errors.List, null);
        }

        if (secretFor is not null)
        {
            secret = secretFor(code);
        }

        command = command with
        {
            Report = command.Report with { Source = source },
            RequestHash = requestHash,
            SecretHash = SubmissionKeys.HashSecret(secret),
        };
        var result = await Transient.RetryAsync(() => grains.Reference<IComplaintGrain>(code).Submit(command));
        return result.Rejection is { } rejection
            ? new IntakeResult(code, null, false, [], rejection)
            : new IntakeResult(code, result.View, result.Replayed, [], null);
    }

    /// <summary>SHA-256 (hex) of the parts, each length-prefixed so no two part lists hash alike.</summary>
    public static string Hash(params string?[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part?.Length ?? -1).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A title from free text: the first line, cut at a word boundary to at most <paramref name="max"/> characters;
    /// <paramref name="fallback"/> when that is shorter than the 5 characters a title needs.
    /// </summary>
    public static string TitleFrom(string? text, string fallback, int max = 80)
    {
        var line = (text ?? "").Trim().Split('\n', 2)[0].Trim();
        if (line.Length > max)
        {
            var cut = line.LastIndexOf(' ', max - 1);
            line = (cut >= 20 ? line[..cut] : line[..(max - 1)]).TrimEnd() + "…";
        }

        return line.Length >= 5 ? line : fallback;
    }

    /// <summary>Finds the configured client whose key hashes to the presented key's SHA-256, comparing in constant time.</summary>
    public static string? MatchKey(string presented, IEnumerable<KeyValuePair<string, string>> hashesById)
    {
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var (id, hex) in hashesById)
        {
            byte[] expected;
            try
            {
                expected = Convert.FromHexString(hex.Trim());
            }
            catch (FormatException)
            {
                continue;
            }

            if (expected.Length == given.Length && CryptographicOperations.FixedTimeEquals(expected, given))
            {
                match = id;
            }
        }

        return match;
    }

    /// <summary>Whether a configured key hash is 64 hex digits.</summary>
    public static bool IsKeyHash(string? hex) =>
        hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit);
}
