namespace Lapor.Grains.Tests.Notifications;

[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationClusterFixture>
{
    public const string Name = "notifications";
}
