using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;

namespace Lapor.Grains.Monev;

/// <summary>
/// Rebuilds one agency's monev figures from its complaints' journals without stopping it: the agency keeps serving
/// and counting while the journals are read, then switches to the new generation in one write (docs/monev.md).
/// </summary>
public sealed class MonevRebuildGrain : Grain, IMonevRebuildGrain
{
    private const int Parallelism = 64;

    public async Task<MonevRebuildResult> Run()
    {
        var agency = GrainFactory.Reference<IAgencyGrain>(this.GetPrimaryKeyString());
        var start = await agency.BeginMonevRebuild();
        var journals = new MonevFactsAt[start.ComplaintIds.Length];
        var agencyId = this.GetPrimaryKeyString();
        var factory = GrainFactory;
        await Parallel.ForEachAsync(Enumerable.Range(0, journals.Length), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, _) => journals[i] = await factory.Reference<IComplaintGrain>(start.ComplaintIds[i]).GetMonevFacts(agencyId));
        var switched = await agency.CompleteMonevRebuild(start.Generation, [.. journals]);
        return new MonevRebuildResult(start.Generation, journals.Length, journals.Sum(j => j.Entries.Length), switched);
    }
}
