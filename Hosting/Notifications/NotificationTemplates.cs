using System.Text;
using System.Text.Json.Nodes;
using Lapor.Domain.Notifications;

namespace Lapor.Hosting.Notifications;

/// <summary>A rendered message: subject and plain text, in Bahasa Indonesia.</summary>
public sealed record RenderedMessage(string Subject, string Text);

/// <summary>
/// Message texts for e-mail (and any human-read channel) from an event's redacted payload: the tracking code, the
/// holder, the deadline in the holder's local time (WIB/WITA/WIT) and a link. Uses only what the payload carries,
/// so nothing the event left out (the reporter's identity, a <i>rahasia</i> title, an officer) can appear.
/// </summary>
public static class NotificationTemplates
{
    public static RenderedMessage Render(string eventKind, string payload, string publicBaseUrl, Func<string, string?>? agencyName = null)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        var code = json["trackingCode"]?.GetValue<string>() ?? "";
        var status = json["statusLabel"]?.GetValue<string>() ?? "";
        var title = json["title"]?.GetValue<string>();
        string Name(string? id) => id is null ? "-" : agencyName?.Invoke(id) is { } name ? $"{name} ({id})" : id;

        var text = new StringBuilder();
        var subject = eventKind == NotificationKinds.StatusChanged
            ? $"[LAPOR!] Status laporan {code}: {status}"
            : $"[LAPOR!] {NotificationKinds.Label(eventKind)}: {code}";
        if (eventKind == NotificationKinds.StatusChanged)
        {
            text.Append("Yth. Pelapor,\n\n").Append($"status laporan Anda dengan kode {code} kini: {status}.\n");
        }
        else
        {
            text.Append($"Yth. {Name(json["agencyId"]?.GetValue<string>())},\n\n")
                .Append(NotificationKinds.Label(eventKind)).Append(".\n\n")
                .Append($"Kode pelacakan: {code}\n")
                .Append($"Status: {status}\n");
            if (title is not null)
            {
                text.Append($"Judul: {title}\n");
            }
            else if (json["confidential"]?.GetValue<bool>() == true)
            {
                text.Append("Judul: (laporan rahasia: baca melalui aplikasi)\n");
            }
        }

        if (json["deadline"] is JsonObject deadline)
        {
            text.Append($"Pemegang: {Name(deadline["holderAgencyId"]?.GetValue<string>())}\n")
                .Append($"Batas waktu: {deadline["dueLocal"]?.GetValue<string>()}\n");
        }

        text.Append($"\nLihat laporan: {publicBaseUrl.TrimEnd('/')}/lacak/{Uri.EscapeDataString(code)}\n")
            .Append("\nPesan ini dikirim otomatis oleh LAPOR! (SP4N). Mohon tidak membalas surel ini.\n");
        return new RenderedMessage(subject, text.ToString());
    }
}
