using System.Security.Cryptography;
using Lapor.Hosting;

namespace Lapor.Api.Auth;

/// <summary>
/// The host's secret keys: from configuration (production: every API host must share them), or for the embedded
/// default generated once and kept in the data folder so a restart keeps tracking secrets and tokens valid.
/// </summary>
public static class KeyRing
{
    public static byte[] Load(IConfiguration configuration, string settingName, string fileName) =>
        Load(configuration, settingName, fileName, out _);

    /// <summary>As <see cref="Load(IConfiguration, string, string)"/>; <paramref name="generated"/> tells whether the key was made just now.</summary>
    public static byte[] Load(IConfiguration configuration, string settingName, string fileName, out bool generated)
    {
        generated = false;
        if (configuration[settingName] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{settingName} harus minimal 32 byte (base64).");
        }

        var profile = DeploymentProfile.From(configuration);
        var storage = profile.Storage;
        if (!profile.MayGenerateKeys)
        {
            throw new InvalidOperationException($"Setel {settingName} (base64, minimal 32 byte) yang sama di setiap host API.");
        }

        var folder = Path.GetFullPath(storage.DataFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(fresh));
        File.Move(temp, path, overwrite: false);
        generated = true;
        return fresh;
    }
}
