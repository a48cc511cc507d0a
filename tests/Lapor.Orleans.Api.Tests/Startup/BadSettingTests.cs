namespace Lapor.Orleans.Api.Tests.Startup;

/// <summary>A host given a bad setting stops at start and names the key, instead of failing the first complaint.</summary>
public sealed class BadSettingTests
{
    [Theory]
    [InlineData("Api")]
    [InlineData("Silo")]
    public async Task A_host_with_a_duration_that_is_not_positive_exits_with_code_2_naming_the_key(string host)
    {
        using var data = new TempFolder("lapor-bad-setting");
        var (dll, name) = host == "Api" ? (Repo.ApiDll, "API") : (Repo.SiloDll, "silo");
        var (code, output) = await HostProcess.RunToEndAsync(dll,
            ["--urls", "http://127.0.0.1:0", $"--Lapor:Storage:DataFolder={data.Path}", "--Lapor:Engine:RollUpWait=00:00:00"], null,
            TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains($"Lapor {name} not started: " +
            "Lapor:Engine:RollUpWait must be a positive duration (hh:mm:ss), not 00:00:00.", output, StringComparison.Ordinal);
    }
}
