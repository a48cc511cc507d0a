namespace Lapor.Storage.Tests;

public interface IProbeGrain : IGrainWithStringKey
{
    Task SetValueAsync(string value);

    Task<string?> GetValueAsync();

    Task StartReminderAsync(TimeSpan period);

    Task StopReminderAsync();

    Task<int> GetTicksAsync();

    Task DeactivateAsync();
}
