namespace Lapor.Storage.Tests;

[GenerateSerializer]
[Alias("lapor.tests.probe-state")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }

    [Id(1)]
    public int Ticks { get; set; }

    [Id(2)]
    public DateTimeOffset? LastTick { get; set; }
}
