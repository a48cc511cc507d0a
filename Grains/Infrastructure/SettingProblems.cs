namespace Lapor.Grains.Infrastructure;

/// <summary>What the options classes say of a bad setting, in the one wording the host prints before it refuses to start.</summary>
public static class SettingProblems
{
    /// <summary>Each duration that is zero or negative, named by its key within the section.</summary>
    public static IEnumerable<string> NotPositive(params (string Name, TimeSpan Value)[] durations) =>
        durations.Where(d => d.Value <= TimeSpan.Zero).Select(d => $"{d.Name} must be a positive duration (hh:mm:ss), not {d.Value}.");
}
