namespace Lapor.Hosting;

/// <summary>Host settings every Lapor process starts with, ahead of the operator's own arguments.</summary>
public static class HostArguments
{
    /// <summary>The .NET host setting that makes configuration files reload when they change.</summary>
    public const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// Configuration files are read once, at start. Reloading them needs a file watcher over the whole content root,
    /// and the embedded database lives there by default (<c>./data</c>): the watcher then woke on every page SQLite
    /// appended to its log, about eight thread wake-ups per complaint stored. An operator who wants reloading passes
    /// <c>--hostBuilder:reloadConfigOnChange=true</c> or sets <c>DOTNET_hostBuilder__reloadConfigOnChange</c>; either
    /// wins over this default.
    /// </summary>
    public static string[] WithDefaults(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_hostBuilder__reloadConfigOnChange");
        return fromEnvironment is null ? [$"--{ReloadConfigOnChange}=false", .. args] : args;
    }
}
