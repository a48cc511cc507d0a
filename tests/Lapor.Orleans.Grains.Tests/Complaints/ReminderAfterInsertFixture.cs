namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// The engine over storage that writes one row at a time: a new complaint's first reminder written after its insert
/// (Lapor's own storage writes the two at once).
/// </summary>
public sealed class ReminderAfterInsertFixture : EngineClusterFixture
{
    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["Lapor:Engine:WriteNewComplaintWithReminder"] = "false";
}

[CollectionDefinition(Name)]
public sealed class ReminderAfterInsertCollection : ICollectionFixture<ReminderAfterInsertFixture>
{
    public const string Name = "engine-reminder-after-insert";
}
