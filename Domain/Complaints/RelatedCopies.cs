
namespace Lapor.Domain.Complaints;

/// <summary>
/// Related agencies' copies when the primary said "bukan wewenang": the admin who routes the complaint again decides
/// whether they stop or continue, and the timeline says which.
/// </summary>
public static class RelatedCopies
{
    /// <summary>
    /// Checked before a routing changes anything: refused when a bounced complaint with related copies is routed
    /// without a decision; <see cref="Outcome.Applied"/> when there is a decision to carry out; unchanged otherwise.
    /// </summary>
    public static Outcome OnReroute(ComplaintState s, RouteAction action)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(action);
        if (s.Status != ComplaintStatus.Bounced || !s.Assignments.Any(x => !x.Primary))
        {
            return Outcome.Unchanged;
        }

        if (action.RelatedAssignments is not { } choice || !Enum.IsDefined(choice))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput,
                "Laporan ini memiliki tembusan ke instansi terkait: tentukan apakah tembusan dihentikan (stop) atau dilanjutkan (continue).",
                "relatedAssignments");
        }

        return Outcome.Applied;
    }

    /// <summary>Carries out the decision on the related copies; returns the timeline action and its message.</summary>
    public static (string Action, string Message) Decide(ComplaintState s, RelatedOnReroute choice)
    {
        ArgumentNullException.ThrowIfNull(s);
        var related = s.Assignments.Where(x => !x.Primary).Select(x => x.AgencyId).ToList();
        var names = string.Join(", ", related);
        if (choice == RelatedOnReroute.Stop)
        {
            s.Assignments.RemoveAll(x => !x.Primary);
            return ("related-stopped", $"Tembusan ke instansi terkait ({names}) dihentikan karena laporan didisposisikan ulang.");
        }

        return ("related-continued", $"Tembusan ke instansi terkait ({names}) tetap berjalan dengan batas waktunya masing-masing.");
    }
}
