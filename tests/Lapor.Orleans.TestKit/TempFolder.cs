using Microsoft.Data.Sqlite;

namespace Lapor.TestKit;

/// <summary>A fresh folder under the system's temporary folder (a data folder, logs), deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose = "lapor-tests")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), purpose, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A fresh folder holding a copy of every file in <paramref name="source"/> (not its subfolders).</summary>
    public static TempFolder CopyOf(string source, string purpose = "lapor-tests")
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException(source);
        }

        var folder = new TempFolder(purpose);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, folder.Combine(System.IO.Path.GetFileName(file)));
        }

        return folder;
    }

    public void Dispose()
    {
        // Pooled SQLite connections keep their files open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
