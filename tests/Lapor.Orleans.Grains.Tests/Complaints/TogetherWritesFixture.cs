namespace Lapor.Grains.Tests.Complaints;

/// <summary>The engine as PostgreSQL runs it: a new complaint's insert and its first reminder written at the same time.</summary>
public sealed class TogetherWritesFixture : EngineClusterFixture
{
    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["Lapor:Engine:WriteNewComplaintWithReminder"] = "true";
}

[CollectionDefinition(Name)]
public sealed class TogetherWritesCollection : ICollectionFixture<TogetherWritesFixture>
{
    public const string Name = "engine-together-writes";
}
