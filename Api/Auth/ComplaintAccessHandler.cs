using System.Security.Claims;
using Lapor.Domain.Complaints;
using Microsoft.AspNetCore.Authorization;

namespace Lapor.Api.Auth;

public sealed class ComplaintAccessRequirement : IAuthorizationRequirement;

/// <summary>Staff see a complaint when their agency is on one of its chains; Admin Nasional and overseers see all.</summary>
public sealed class ComplaintAccessHandler : AuthorizationHandler<ComplaintAccessRequirement, ComplaintScope>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ComplaintAccessRequirement requirement, ComplaintScope resource)
    {
        if (context.User.IsBroadReader()
            || (context.User.FindFirstValue(LaporClaims.Agency) is { } agency && resource.AgencyIds.Contains(agency)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
