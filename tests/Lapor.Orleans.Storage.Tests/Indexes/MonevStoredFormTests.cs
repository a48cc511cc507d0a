using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>How figures are stored: histograms packed in one byte array, and version-2 rows (dictionaries) still read.</summary>
public sealed class MonevStoredFormTests
{
    private static readonly Serializer Codec = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(MonevFigures).Assembly).AddAssembly(typeof(MonevStoredFormTests).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Figures_round_trip_exactly_and_a_national_month_histogram_stays_small()
    {
        var random = new Random(11);
        var figures = new MonevFigures();
        for (var i = 0; i < 20_000; i++)
        {
            var minutes = (int)(-Math.Log(1 - random.NextDouble()) * 18 * 60);
            figures.Apply(new MonevFact(MonevFactKind.FirstResponse, DateTimeOffset.UnixEpoch, AgencyZone.Wib)
            {
                ElapsedMinutes = minutes,
                WorkingMinutes = minutes / 3,
                WithinSla = i % 3 == 0,
            });
        }

        var bytes = Codec.SerializeToArray(figures);
        var back = Codec.Deserialize<MonevFigures>(bytes)!;
        Assert.Equal(figures.FirstResponseMinutes.Values(), back.FirstResponseMinutes.Values());
        Assert.Equal(figures.FirstResponseWorkingMinutes.Values(), back.FirstResponseWorkingMinutes.Values());
        Assert.Equal((figures.FollowedUp, figures.FirstResponseWithinSla, figures.FirstResponseMinutes.Sum),
            (back.FollowedUp, back.FirstResponseWithinSla, back.FirstResponseMinutes.Sum));
        // ~4,000 distinct minutes in 20,000 responses: a few bytes each.
        Assert.True(bytes.Length < 5 * (figures.FirstResponseMinutes.Distinct + figures.FirstResponseWorkingMinutes.Distinct), $"{bytes.Length} bytes");
    }

    [Fact]
    public void A_version_2_row_with_dictionaries_reads_as_the_same_histogram()
    {
        var old = new Version2Figures { FollowedUp = 3 };
        old.FirstResponseMinutes.Counts = new Dictionary<int, long> { [90] = 2, [15] = 1 };
        old.FirstResponseMinutes.Count = 3;
        old.FirstResponseMinutes.Sum = 195;

        var read = Codec.Deserialize<MonevFigures>(Codec.SerializeToArray(old))!;
        Assert.Equal(3, read.FollowedUp);
        Assert.Equal([(15, 1L), (90, 2L)], read.FirstResponseMinutes.Values());
        Assert.Equal(90, read.FirstResponseMinutes.Percentile(0.5));
        Assert.Equal(65.0, read.FirstResponseMinutes.Mean);
        Assert.True(read.ResolutionMinutes.IsEmpty);
    }
}

/// <summary>The shape of MonevFigures and MinuteHistogram as schema version 2 stored them (the fields that matter here).</summary>
[GenerateSerializer, Alias("lapor.test.Version2Figures")]
public sealed class Version2Figures
{
    [Id(5)] public long FollowedUp { get; set; }
    [Id(18)] public Version2Histogram FirstResponseMinutes { get; set; } = new();
}

[GenerateSerializer, Alias("lapor.test.Version2Histogram")]
public sealed class Version2Histogram
{
    [Id(0)] public Dictionary<int, long> Counts { get; set; } = [];
    [Id(1)] public long Count { get; set; }
    [Id(2)] public long Sum { get; set; }
}
