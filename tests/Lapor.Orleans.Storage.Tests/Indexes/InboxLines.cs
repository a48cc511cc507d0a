using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>Writes inbox lines as the engine does: each agency's lines in a transaction of its ledger.</summary>
internal static class InboxLines
{
    public static AdoNetAgencyLedger LedgerOf(IndexDatabase database) => new(database, new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(MonevFigures).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>());

    public static async Task StoreLinesAsync(this AdoNetAgencyLedger ledger, string complaintId, params InboxLine[] lines)
    {
        foreach (var agency in lines.GroupBy(l => l.AgencyId))
        {
            await ledger.TransactAsync(agency.Key, async tx =>
            {
                await tx.StoreInboxLinesAsync([.. agency.Select(l => (complaintId, l.Version, l.Item))]);
                return true;
            });
        }
    }
}
