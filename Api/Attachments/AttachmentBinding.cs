using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Attachments;

/// <summary>
/// Puts uploads on a message: checks the ids, reserves them for the complaint (all or none, within the per-complaint
/// limit), runs the action that writes the timeline entry carrying them, then commits them to that entry, or hands
/// them back when the action was refused. If the process dies in between, the cleaner asks the complaint whether an
/// entry carries them and commits or removes them accordingly, so an accepted message never loses its files.
/// </summary>
public sealed partial class AttachmentBinding(IAttachmentStore store, AttachmentOptions options, TimeProvider time)
{
    public const string Field = "attachmentIds";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();

    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    public async Task<TResult> RunAsync<TResult>(string code, IReadOnlyList<string>? ids, int? replaySequence,
        Func<ImmutableArray<string>?, Task<TResult>> run, Func<TResult, ComplaintView?> viewOf,
        Func<ValidationProblem, TResult> invalid, Func<ProblemHttpResult, TResult> refused)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(viewOf);
        ArgumentNullException.ThrowIfNull(invalid);
        ArgumentNullException.ThrowIfNull(refused);
        if (ids is null || ids.Count == 0)
        {
            return await run(null);
        }

        var errors = new Validation.Errors();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!IsId(ids[i]))
            {
                errors.Add($"{Field}[{i}]", "Bukan id lampiran yang sah (jawaban POST /api/attachments).");
            }
            else if (ids.Take(i).Contains(ids[i], StringComparer.Ordinal))
            {
                errors.Add($"{Field}[{i}]", "Lampiran yang sama disebut dua kali.");
            }
        }

        if (errors.Any)
        {
            return invalid(Problems.Invalid(errors.List));
        }

        if (ids.Count > options.MaxPerMessage)
        {
            var excess = await store.FindAsync(ids[options.MaxPerMessage]);
            return refused(AttachmentProblems.File(StatusCodes.Status400BadRequest, $"{Field}[{options.MaxPerMessage}]",
                excess?.FileName ?? ids[options.MaxPerMessage], $"terlalu banyak lampiran: paling banyak {options.MaxPerMessage} per pesan."));
        }

        var claim = await store.ClaimAsync(code, ids, options.MaxPerComplaint, replaySequence);
        switch (claim.Status)
        {
            case ClaimStatus.Unknown:
                var index = IndexOf(ids, claim.Id);
                return invalid(Problems.Invalid($"{Field}[{index}]", "Lampiran tidak ditemukan atau sudah kedaluwarsa; unggah ulang."));
            case ClaimStatus.TooMany:
                return refused(AttachmentProblems.File(StatusCodes.Status409Conflict, $"{Field}[{IndexOf(ids, claim.Id)}]", claim.FileName ?? "",
                    $"terlalu banyak lampiran: satu laporan paling banyak {options.MaxPerComplaint} lampiran."));
        }

        // A fault here leaves them reserved: the cleaner settles them with the complaint (committed or removed).
        var result = await run([.. ids]);
        if (viewOf(result) is { } view && view.Timeline.LastOrDefault(e => e.Attachments?.Contains(ids[0]) == true) is { } entry)
        {
            await store.CommitAsync(code, ids, entry.Sequence, time.GetUtcNow());
        }
        else
        {
            await store.ReleaseAsync(code, ids);
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<string> ids, string? id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return 0;
    }
}
