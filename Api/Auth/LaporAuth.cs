using System.Security.Claims;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Lapor.Api.Auth;

/// <summary>Role names as they appear in tokens' <c>role</c> claim.</summary>
public static class Roles
{
    public const string NationalAdmin = "national-admin";
    public const string AgencyAdmin = "agency-admin";
    public const string Officer = "officer";
    public const string Overseer = "overseer";

    public static ActorRole? ToActorRole(string? role) => role switch
    {
        NationalAdmin => ActorRole.NationalAdmin,
        AgencyAdmin => ActorRole.AgencyAdmin,
        Officer => ActorRole.Officer,
        Overseer => ActorRole.Overseer,
        _ => null,
    };
}

public static class LaporClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Agency = "agency";
    public const string Complaint = "complaint";

    /// <summary>The actor of a staff command, from the authenticated principal only.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(Subject) ?? "?",
            Roles.ToActorRole(user.FindFirstValue(Role)) ?? throw new InvalidOperationException("Authorized principal without a known role."),
            user.FindFirstValue(Agency));
}

public static class Policies
{
    /// <summary>Anyone who handles complaints: Admin Nasional, agency admins, liaison officers.</summary>
    public const string Staff = "staff";
    /// <summary>Staff plus read-only overseers.</summary>
    public const string StaffOrOverseer = "staff-or-overseer";
    /// <summary>Admin Nasional and agency admins (verification, routing, units, related agencies).</summary>
    public const string Admin = "admin";
    /// <summary>Admin Nasional only (agency tree, SLA policies, calendar).</summary>
    public const string NationalAdmin = "national-admin";
    /// <summary>The reporter of the complaint named in the route, proven by its tracking secret.</summary>
    public const string Reporter = "reporter";
    /// <summary>Resource policy: the complaint's chain includes the user's agency (or national admin / overseer).</summary>
    public const string ComplaintAccess = "complaint-access";
    /// <summary>Resource policy: the agency is the user's own or below it (or national admin / overseer).</summary>
    public const string AgencyAccess = "agency-access";
}

public static class AuthSetup
{
    public const string Issuer = "lapor-orleans";
    public const string Audience = "lapor-api";

    public static IServiceCollection AddLaporAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var authority = configuration["Lapor:Auth:Authority"];
        var auth = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        auth.AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = LaporClaims.Subject;
            o.TokenValidationParameters.RoleClaimType = LaporClaims.Role;
            if (authority is { Length: > 0 })
            {
                // Production: any OpenID Connect provider issues the tokens.
                o.Authority = authority;
                o.Audience = configuration["Lapor:Auth:Audience"] ?? Audience;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = Issuer;
                o.TokenValidationParameters.ValidAudience = Audience;
                o.TokenValidationParameters.IssuerSigningKey = DevTokens.SigningKey(configuration);
            }
        });
        auth.AddScheme<AuthenticationSchemeOptions, TrackingSecretHandler>(TrackingSecretHandler.SchemeName, null);

        services.AddSingleton<IAuthorizationHandler, ComplaintAccessHandler>();
        services.AddSingleton<IAuthorizationHandler, AgencyAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.NationalAdmin, Roles.AgencyAdmin, Roles.Officer))
            .AddPolicy(Policies.StaffOrOverseer, p => p.RequireRole(Roles.NationalAdmin, Roles.AgencyAdmin, Roles.Officer, Roles.Overseer))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.NationalAdmin, Roles.AgencyAdmin))
            .AddPolicy(Policies.NationalAdmin, p => p.RequireRole(Roles.NationalAdmin))
            .AddPolicy(Policies.Reporter, p => p
                .AddAuthenticationSchemes(TrackingSecretHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => c.Resource is HttpContext http
                    && http.Request.RouteValues["code"] is string code
                    && c.User.HasClaim(LaporClaims.Complaint, code)))
            .AddPolicy(Policies.ComplaintAccess, p => p.AddRequirements(new ComplaintAccessRequirement()))
            .AddPolicy(Policies.AgencyAccess, p => p.AddRequirements(new AgencyAccessRequirement()));

        services.AddSingleton(new DevTokenSettings(
            DeploymentProfile.From(configuration).OffersDevTokens));
        return services;
    }

    private static bool IsBroadReader(ClaimsPrincipal user) => user.IsInRole(Roles.NationalAdmin) || user.IsInRole(Roles.Overseer);

    public sealed class ComplaintAccessRequirement : IAuthorizationRequirement;

    /// <summary>Staff see a complaint when their agency is on one of its chains; Admin Nasional and overseers see all.</summary>
    public sealed class ComplaintAccessHandler : AuthorizationHandler<ComplaintAccessRequirement, ComplaintScope>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ComplaintAccessRequirement requirement, ComplaintScope resource)
        {
            if (IsBroadReader(context.User)
                || (context.User.FindFirstValue(LaporClaims.Agency) is { } agency && resource.AgencyIds.Contains(agency)))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    public sealed class AgencyAccessRequirement : IAuthorizationRequirement;

    /// <summary>Staff see their own agency and everything below it.</summary>
    public sealed class AgencyAccessHandler : AuthorizationHandler<AgencyAccessRequirement, AgencyRouting>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AgencyAccessRequirement requirement, AgencyRouting resource)
        {
            if (IsBroadReader(context.User)
                || (context.User.FindFirstValue(LaporClaims.Agency) is { } agency && resource.Path.Any(n => n.AgencyId == agency)))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
