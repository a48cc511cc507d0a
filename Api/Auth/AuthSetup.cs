using Lapor.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Lapor.Api.Auth;

/// <summary>Authentication (staff bearer tokens, reporters' tracking secrets) and the role policies.</summary>
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
                o.RequireHttpsMetadata = configuration.GetValue("Lapor:Auth:RequireHttpsMetadata", true);
                o.Audience = configuration["Lapor:Auth:Audience"] ?? Audience;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = Issuer;
                o.TokenValidationParameters.ValidAudience = Audience;
            }
        });
        services.AddSingleton<TokenSigningKey>();
        if (authority is not { Length: > 0 })
        {
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<TokenSigningKey>((o, key) => o.TokenValidationParameters.IssuerSigningKey = key.Key);
        }
        auth.AddScheme<AuthenticationSchemeOptions, TrackingSecretHandler>(TrackingSecretHandler.SchemeName, null);

        services.AddSingleton<IAuthorizationHandler, ComplaintAccessHandler>();
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
            .AddPolicy(Policies.ComplaintAccess, p => p.AddRequirements(new ComplaintAccessRequirement()));

        services.AddSingleton(new DevTokenSettings(
            DeploymentProfile.From(configuration).OffersDevTokens));
        return services;
    }
}
