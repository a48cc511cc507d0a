using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lapor.Api.Http;

/// <summary>Declares the bearer and tracking-secret schemes in the OpenAPI document so the reference page can use them.</summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Token petugas (OpenID Connect di produksi; /api/dev/token di mode bawaan).",
        };
        document.Components.SecuritySchemes["TrackingSecret"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Auth.TrackingSecretHandler.HeaderName,
            Description = "Rahasia pelacakan yang diberikan saat laporan dikirim.",
        };
        document.Info.Title = "Lapor.Orleans API";
        document.Info.Description = "Mesin alur kerja pengaduan pelayanan publik (model SP4N-LAPOR!).";
        return Task.CompletedTask;
    }
}
