using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lapor.Bench;

/// <summary>
/// Inbox pages under load: an officer's first page (50 rows, filtered, most urgent first) and the pages after it by
/// cursor, as a signed-in national admin would read the agency's inbox.
///   inbox --urls U --clients C --seconds S --agency ID [--query "status=submitted"] --label L --results FILE
/// </summary>
public static class InboxBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var clients = o.Int("clients");
        var agency = o.Get("agency");
        var filter = o.Get("query", "status=submitted");
        using var http = new Http(o.Urls(), clients);
        string token;
        using (var response = await http.For(0).PostAsync("/api/dev/token", new StringContent(
            "{\"username\":\"admin.nasional\",\"password\":\"lapor-demo\"}", Encoding.UTF8, "application/json")))
        {
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            token = doc.RootElement.GetProperty("accessToken").GetString()!;
        }

        // Cursors of the first pages, so the load reads page 1 to 20 of the inbox, not only the first one.
        var cursors = new List<string?> { null };
        while (cursors.Count < 20)
        {
            using var page = Page(agency, filter, cursors[^1], token);
            using var response = await http.For(0).SendAsync(page);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!doc.RootElement.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String)
            {
                break;
            }

            cursors.Add(next.GetString());
        }

        var load = Machine.LoadAverage();
        var result = await LoadRunner.RunAsync(clients, TimeSpan.FromSeconds(o.Double("seconds")), o.Int("max", int.MaxValue), async (n, ct) =>
        {
            using var request = Page(agency, filter, cursors[(int)(n % cursors.Count)], token);
            using var response = await http.For(n).SendAsync(request, ct);
            await response.Content.CopyToAsync(Stream.Null, ct);
            return response.StatusCode == HttpStatusCode.OK;
        });
        new ResultRow("inbox", o.Get("label"), result.Clients, result.Ok, result.Errors, result.Elapsed.TotalSeconds, result.Rate,
            result.PercentileMs(50), result.PercentileMs(99), result.PercentileMs(100), load,
            string.Create(CultureInfo.InvariantCulture, $"agency={agency} {filter} take=50 sort=due pages={cursors.Count}")).Append(o.Get("results"));
        return result.Ok > 0 ? 0 : 1;
    }

    private static HttpRequestMessage Page(string agency, string filter, string? cursor, string token)
    {
        var url = $"/api/agencies/{agency}/inbox?take=50&sort=due&{filter}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
