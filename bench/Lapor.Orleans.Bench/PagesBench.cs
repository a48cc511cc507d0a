using System.Net;
using System.Text.RegularExpressions;

namespace Lapor.Bench;

/// <summary>
/// Staff pages under load, rendered on the server with the staff cookie: the inbox page and the monev dashboard,
/// signed in once through the sign-in form (anti-forgery token included) as a demo account.
///   pages --urls U --clients C --seconds S --target inbox|dashboard [--agency nasional] [--user admin.nasional] --label L --results FILE
/// </summary>
public static partial class PagesBench
{
    [GeneratedRegex("name=\"__lapor_af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static async Task<int> RunAsync(Options o)
    {
        var clients = o.Int("clients");
        var target = o.Get("target");
        var agency = o.Get("agency", "nasional");
        var path = target switch
        {
            "inbox" => $"/konsol?instansi={agency}",
            "dashboard" => $"/dasbor?instansi={agency}&period=month",
            _ => throw new ArgumentException("--target inbox|dashboard"),
        };
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, MaxConnectionsPerServer = clients, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = o.Urls()[0], Timeout = TimeSpan.FromSeconds(30) };

        // The sign-in form as a browser posts it: its anti-forgery token, its form name, the account.
        var form = await http.GetStringAsync("/masuk");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using (var signIn = await http.PostAsync("/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__lapor_af"] = token, ["_handler"] = "masuk",
            ["Login.Username"] = o.Get("user", "admin.nasional"), ["Login.Password"] = "lapor-demo",
        })))
        {
            if (signIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new ArgumentException($"sign-in answered {(int)signIn.StatusCode}");
            }
        }

        using (var first = await http.GetAsync(path))
        {
            if (first.StatusCode != HttpStatusCode.OK)
            {
                throw new ArgumentException($"{path} answered {(int)first.StatusCode}");
            }
        }

        var load = Machine.LoadAverage();
        var result = await LoadRunner.RunAsync(clients, TimeSpan.FromSeconds(o.Double("seconds")), o.Int("max", int.MaxValue), async (n, ct) =>
        {
            using var response = await http.GetAsync(path, ct);
            await response.Content.CopyToAsync(Stream.Null, ct);
            return response.StatusCode == HttpStatusCode.OK;
        });
        new ResultRow("pages", o.Get("label", target), result.Clients, result.Ok, result.Errors, result.Elapsed.TotalSeconds, result.Rate,
            result.PercentileMs(50), result.PercentileMs(99), result.PercentileMs(100), load, $"GET {path}").Append(o.Get("results"));
        return result.Ok > 0 ? 0 : 1;
    }
}
