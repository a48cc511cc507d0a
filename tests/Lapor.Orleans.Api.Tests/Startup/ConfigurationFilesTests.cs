using Lapor.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Lapor.Orleans.Api.Tests.Startup;

/// <summary>
/// Configuration files are read at start and not watched: a watcher covers the whole content root, where the embedded
/// database writes its log by default, and woke on every page written.
/// </summary>
public sealed class ConfigurationFilesTests
{
    [Fact]
    public async Task The_configuration_files_are_not_watched_unless_the_operator_asks()
    {
        Assert.All(await JsonSourcesAsync(), s => Assert.False(s.ReloadOnChange, s.Path));
    }

    [Fact]
    public async Task An_operator_turns_reloading_back_on_with_the_host_setting()
    {
        var sources = await JsonSourcesAsync("--hostBuilder:reloadConfigOnChange=true");
        Assert.Contains(sources, s => s.Path == "appsettings.json" && s.ReloadOnChange);
    }

    private static async Task<IReadOnlyList<FileConfigurationSource>> JsonSourcesAsync(params string[] extra)
    {
        var folder = Directory.CreateTempSubdirectory("lapor-config-");
        try
        {
            await using var app = LaporApi.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Lapor:Storage:Provider", "Sqlite",
                "--Lapor:Storage:DataFolder", folder.FullName,
                .. extra,
            ]);
            var sources = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();
            Assert.Contains(sources, s => s.Path == "appsettings.json");
            return sources;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
