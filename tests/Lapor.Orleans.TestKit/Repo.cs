namespace Lapor.TestKit;

/// <summary>The repository this test runs from, and the hosts built in it (same configuration as the test itself).</summary>
public static class Repo
{
    /// <summary>The folder holding Lapor.Orleans.sln, found upwards from the test's output folder.</summary>
    public static readonly string Root = FindRoot();

    /// <summary>Debug or Release: the output folder is &lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/.</summary>
    public static readonly string Configuration =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ApiDll => BuiltDll("Api", "Lapor.Orleans.Api.dll");

    public static string SiloDll => BuiltDll("Silo", "Lapor.Orleans.Silo.dll");

    /// <summary>A path below the repository root, given in parts.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The built assembly of a host project, or a failure saying to build it first.</summary>
    public static string BuiltDll(string projectFolder, string dll)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectFolder} first: {path} not found.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lapor.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Lapor.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
