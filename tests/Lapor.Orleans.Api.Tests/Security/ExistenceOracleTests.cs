using System.Net;
using Lapor.Api.Complaints;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests.Security;

/// <summary>Staff of another agency learn nothing about a complaint's existence: they get what a missing code gets.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExistenceOracleTests(ApiHost host)
{
    [Theory]
    [InlineData("GET", "", null)]
    [InlineData("POST", "/follow-ups", "\"99\"")]
    [InlineData("POST", "/resolution", null)]
    [InlineData("POST", "/route-to-unit", "\"1\"")]
    [InlineData("POST", "/related-agencies", null)]
    public async Task Staff_outside_the_chain_get_the_answer_of_a_code_that_does_not_exist(string method, string action, string? ifMatch)
    {
        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang")).StatusCode);
        // A code with a right check value that was never issued: looked up, and not there.
        var missing = host.Services.GetRequiredService<TrackingCodes>().Format(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

        object body = action switch
        {
            "/route-to-unit" => new { unitId = "malang-dpupr" },
            "/related-agencies" => new { agencyId = "kemendikdasmen" },
            _ => new { message = "Ditinjau." },
        };
        async Task<(HttpStatusCode Status, string? Title)> As(string user, string target)
        {
            var response = await api.SendAsync(new HttpMethod(method), $"/api/complaints/{target}{action}", method == "GET" ? null : body, user: user, ifMatch: ifMatch);
            var problem = response.IsSuccessStatusCode ? null : await LaporClient.JsonAsync(response);
            return (response.StatusCode, problem?["title"]?.GetValue<string>());
        }

        // An officer of another unit and an admin of another agency, for the real code and for one that does not exist.
        var user = action is "/route-to-unit" or "/related-agencies" ? "admin.kemendikdasmen" : "petugas.dpupr";
        var real = await As(user, code);
        var none = await As(user, missing);
        Assert.Equal(HttpStatusCode.NotFound, real.Status);
        Assert.Equal(none, real);
    }
}
