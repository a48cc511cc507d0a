using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lapor.Hosting;

namespace Lapor.Api.Auth;

/// <summary>
/// Staff accounts of an install without an OpenID Connect authority: created with <c>admin create</c>, kept in
/// <c>accounts.json</c> in the data folder with PBKDF2-SHA256 password hashes (never the password), re-read when the
/// file changes so an account created while the host runs can sign in at once.
/// </summary>
public sealed class LocalAccounts(IConfiguration configuration)
{
    public const string FileName = "accounts.json";
    public const int Iterations = 600_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);

    private readonly string _path = PathIn(DeploymentProfile.From(configuration).Storage.DataFolder);
    private (DateTime Written, List<StoredAccount> Accounts)? _cache;

    public static string PathIn(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), FileName);

    /// <summary>The account when the password is right; null otherwise (same work either way).</summary>
    public StaffAccount? Verify(string username, string password)
    {
        var stored = Load().FirstOrDefault(a => string.Equals(a.Username, username, StringComparison.Ordinal));
        var salt = stored is null ? DummySalt : Convert.FromBase64String(stored.Salt);
        var hash = Hash(password, salt, stored?.Iterations ?? Iterations);
        return stored is not null && CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(stored.Hash))
            ? new StaffAccount(stored.Username, stored.Name, stored.Role, stored.AgencyId)
            : null;
    }

    /// <summary>Creates (or with <paramref name="reset"/> replaces) an account; returns its generated password.</summary>
    public static string Create(string dataFolder, StaffAccount account, bool reset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        var path = PathIn(dataFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var accounts = Read(path);
        if (accounts.Any(a => a.Username == account.Username) && !reset)
        {
            throw new InvalidOperationException($"Akun '{account.Username}' sudah ada; pakai --reset untuk membuat kata sandi baru. / Account exists; use --reset.");
        }

        // 25 Crockford characters (125 bits) in groups of five: strong, and easy to copy.
        var raw = Complaints.Crockford.Encode(RandomNumberGenerator.GetBytes(16), 25);
        var password = string.Join('-', Enumerable.Range(0, 5).Select(i => raw.Substring(i * 5, 5)));
        var salt = RandomNumberGenerator.GetBytes(16);
        accounts.RemoveAll(a => a.Username == account.Username);
        accounts.Add(new StoredAccount(account.Username, account.Name, account.Role, account.AgencyId,
            Convert.ToBase64String(salt), Convert.ToBase64String(Hash(password, salt, Iterations)), Iterations, now));
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(accounts, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return password;
    }

    /// <summary>The accounts of the data folder without their hashes, for the administration page.</summary>
    public static IReadOnlyList<(StaffAccount Account, DateTimeOffset CreatedAt)> List(string dataFolder) =>
        [.. Read(PathIn(dataFolder)).OrderBy(a => a.Username, StringComparer.Ordinal)
            .Select(a => (new StaffAccount(a.Username, a.Name, a.Role, a.AgencyId), a.CreatedAt))];

    private List<StoredAccount> Load()
    {
        var written = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
        var cache = _cache;
        if (cache is { } c && c.Written == written)
        {
            return c.Accounts;
        }

        var accounts = Read(_path);
        _cache = (written, accounts);
        return accounts;
    }

    private static List<StoredAccount> Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<StoredAccount>>(File.ReadAllText(path), Json) ?? [] : [];

    private static byte[] Hash(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    private sealed record StoredAccount(string Username, string Name, string Role, string AgencyId, string Salt, string Hash,
        int Iterations, DateTimeOffset CreatedAt);
}
