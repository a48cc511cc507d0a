using System.Net;
using System.Net.Sockets;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// Which webhook URLs the engine may call (SSRF guard): https only and public addresses only, unless an operator
/// allows http (<see cref="NotificationOptions.AllowHttp"/>) or internal addresses
/// (<see cref="NotificationOptions.AllowPrivateAddresses"/>). Checked when a subscription is saved (by name) and
/// again on every connection (by the address actually dialled, so DNS rebinding cannot slip past).
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Null when <paramref name="url"/> is acceptable; else why not (Bahasa Indonesia).</summary>
    public static string? Check(string? url, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || url!.Length > 2000)
        {
            return "URL mutlak wajib diisi (paling panjang 2.000 karakter).";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(options.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "URL webhook harus https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URL webhook tidak boleh memuat nama pengguna atau kata sandi.";
        }

        if (!options.AllowPrivateAddresses && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && !IsPublic(ip))))
        {
            return "URL webhook tidak boleh menuju alamat lokal atau jaringan internal.";
        }

        return null;
    }

    /// <summary>False for loopback, private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified and reserved addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || b[0] >= 224
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
    }

    /// <summary>A connection callback that refuses internal addresses unless allowed (every dial, after DNS).</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, NotificationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = options.AllowPrivateAddresses ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException("webhook address refused: not a public address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
