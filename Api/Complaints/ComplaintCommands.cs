using Lapor.Api.Attachments;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>The one way a transition is sent to a complaint: If-Match in, ETag and the caller's view out.</summary>
internal static class ComplaintCommands
{
    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Run(
        ComplaintServices services, string code, ComplaintAction action, Actor actor)
    {
        if (services.Screen(code) is { } refused)
        {
            return refused;
        }

        var (version, error) = ETags.ParseIfMatch(services.Http.Request);
        if (error is not null)
        {
            return Problems.Invalid("If-Match", error);
        }

        // Staff outside the complaint's chains get the answer of a complaint that does not exist, never 403/409/412.
        var grain = services.Grains.Reference<IComplaintGrain>(code);
        if (actor.Role != ActorRole.Reporter && !await services.StaffMaySeeAsync(code, grain))
        {
            return Problems.NotFound();
        }

        // Not retried: a transition is not idempotent unless the caller sent If-Match.
        var result = await grain.Execute(action, actor, version);
        var name = ActionName(action);
        if (result.Rejection is { } rejection)
        {
            if (rejection.Kind == RejectionKind.NotFound)
            {
                services.Missed(code);
            }

            services.Metrics.Action(name, rejection.Kind.ToString());
            return Problems.From<Ok<ComplaintView>>(rejection);
        }

        services.Metrics.Action(name, "ok");

        ETags.Set(services.Http, result.View!.Version);
        return TypedResults.Ok(result.View);
    }

    /// <summary>"route", "routeToUnit", "followUp", ...: the action's type name without "Action".</summary>
    private static string ActionName(ComplaintAction action)
    {
        var name = action.GetType().Name.Replace("Action", "", StringComparison.Ordinal);
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>A message that may carry uploads: the text is checked, then the uploads are put on the action's entry.</summary>
    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RunMessage(
        ComplaintServices services, AttachmentBinding attachments, string code, MessageWithAttachmentsRequest request,
        Func<string, ComplaintAction> action, Actor actor)
    {
        var errors = new Validation.Errors();
        var value = errors.Text("message", request.Message, 1, Validation.MaxMessage);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        return await attachments.RunAsync<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>>(code, request.AttachmentIds, null,
            ids => Run(services, code, action(value!) with { Attachments = ids }, actor),
            r => (r.Result as Ok<ComplaintView>)?.Value, v => v, p => p);
    }

    /// <summary>Validates one free-text field and either runs the action built from it or answers 400.</summary>
    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RunWithText(
        ComplaintServices services, string code, string field, string? text, Func<string, ComplaintAction> action, Actor actor)
    {
        var errors = new Validation.Errors();
        var value = errors.Text(field, text, 1, Validation.MaxMessage);
        return errors.Any ? Problems.Invalid(errors.List) : await Run(services, code, action(value), actor);
    }
}
