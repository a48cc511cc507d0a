using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>The one way a transition is sent to a complaint: If-Match in, ETag and the caller's view out.</summary>
internal static class ComplaintCommands
{
    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> Run(
        HttpContext http, IGrainFactory grains, string code, ComplaintAction action, Actor actor)
    {
        if (!TrackingCodes.IsValid(code))
        {
            return Problems.NotFound();
        }

        var (version, error) = ETags.ParseIfMatch(http.Request);
        if (error is not null)
        {
            return Problems.Invalid("If-Match", error);
        }

        // Not retried: a transition is not idempotent unless the caller sent If-Match.
        var result = await grains.GetGrain<IComplaintGrain>(code).Execute(action, actor, version);
        if (result.Rejection is { } rejection)
        {
            return Problems.From(rejection);
        }

        ETags.Set(http, result.View!.Version);
        return TypedResults.Ok(result.View);
    }

    /// <summary>Validates one free-text field and either runs the action built from it or answers 400.</summary>
    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> RunWithText(
        HttpContext http, IGrainFactory grains, string code, string field, string? text, Func<string, ComplaintAction> action, Actor actor)
    {
        var errors = new Validation.Errors();
        var value = errors.Text(field, text, 1, Validation.MaxMessage);
        return errors.Any ? Problems.Invalid(errors.List) : await Run(http, grains, code, action(value), actor);
    }
}
