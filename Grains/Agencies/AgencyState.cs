using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Agencies;

/// <summary>
/// An agency's stored state: what administrators define and the tree around it. Bounded: nothing here grows with
/// the complaints (inbox, monev days and escalations live in the indexes, Grains/Indexes).
/// </summary>
[GenerateSerializer, Alias("lapor.AgencyState")]
public sealed class AgencyState
{
    [Id(0)] public AgencyProfile? Profile { get; set; }
    [Id(1)] public List<string> Children { get; set; } = [];
    /// <summary>Generation of the monev figures; a rebuild builds the next one and switches in one transaction.</summary>
    [Id(11)] public int MonevGeneration { get; set; }

    /// <summary>Counts the definitions of <see cref="Profile"/>: the agency directory keeps the newest revision's row.</summary>
    [Id(14)] public int Revision { get; set; }

    /// <summary>The revision last written to the agency directory (behind <see cref="Revision"/> only after a failure).</summary>
    [Id(15)] public int ListedRevision { get; set; }

    // Schema version 1 kept the members below in this row; `schema apply` version 2 moves them into the indexes and
    // empties them (Hosting/Storage/LegacyAgencyMigration.cs). They stay declared only so version-1 rows can be read.
    [Id(2)] public Dictionary<string, InboxItem> LegacyInbox { get; set; } = [];
    [Id(3)] public Dictionary<string, int> LegacyApplied { get; set; } = [];
    [Id(4)] public Dictionary<string, int> LegacyDeparted { get; set; } = [];
    [Id(5)] public Queue<string> LegacyDepartedOrder { get; set; } = [];
    [Id(6)] public AgencyCounters LegacyCounters { get; set; } = AgencyCounters.Zero;
    [Id(7)] public List<EscalationRecord> LegacyEscalations { get; set; } = [];
    [Id(8)] public int LegacyEscalationsReceived { get; set; }
    [Id(9)] public Dictionary<int, MonevFigures> LegacyMonevDays { get; set; } = [];
    [Id(10)] public Dictionary<string, int> LegacyMonevVersions { get; set; } = [];
    [Id(12)] public bool LegacyMonevRebuilding { get; set; }
    [Id(13)] public List<MonevFactsAt> LegacyMonevRebuildLog { get; set; } = [];

    /// <summary>Whether this row still holds version-1 data that `schema apply` has not moved yet.</summary>
    public bool HoldsLegacyData => LegacyInbox.Count > 0 || LegacyApplied.Count > 0 || LegacyDeparted.Count > 0
        || LegacyDepartedOrder.Count > 0 || !LegacyCounters.IsZero() || LegacyEscalations.Count > 0 || LegacyEscalationsReceived > 0
        || LegacyMonevDays.Count > 0 || LegacyMonevVersions.Count > 0 || LegacyMonevRebuilding || LegacyMonevRebuildLog.Count > 0;

    /// <summary>Drops the version-1 members once they are stored in the indexes.</summary>
    public void ClearLegacyData()
    {
        LegacyInbox = [];
        LegacyApplied = [];
        LegacyDeparted = [];
        LegacyDepartedOrder = [];
        LegacyCounters = AgencyCounters.Zero;
        LegacyEscalations = [];
        LegacyEscalationsReceived = 0;
        LegacyMonevDays = [];
        LegacyMonevVersions = [];
        LegacyMonevRebuilding = false;
        LegacyMonevRebuildLog = [];
    }
}
