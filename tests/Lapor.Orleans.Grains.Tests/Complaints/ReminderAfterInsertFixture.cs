namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// The engine over storage that writes one row at a time: a new complaint's first reminder registered after its insert
/// (Lapor's own storage stores it in the insert's commit).
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

/// <summary>The engine answering a submission only after its delivery (<c>Lapor:Engine:AnswerBeforeDelivery=false</c>).</summary>
public sealed class DeliverBeforeAnswerFixture : EngineClusterFixture
{
    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["Lapor:Engine:AnswerBeforeDelivery"] = "false";
}

[CollectionDefinition(Name)]
public sealed class DeliverBeforeAnswerCollection : ICollectionFixture<DeliverBeforeAnswerFixture>
{
    public const string Name = "engine-deliver-before-answer";
}
