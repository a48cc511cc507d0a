using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lapor.Api.Http;

/// <summary>
/// Declares the bearer and tracking-secret schemes, the shared problem-details schema and the tags in the OpenAPI
/// document, so the reference page and generated clients can use them.
/// </summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Pelapor", "Warga: kirim laporan, lalu ikuti dan tanggapi dengan kode pelacakan dan rahasia (X-Tracking-Secret)."),
        ("Publik", "Tanpa login: laporan yang dipublikasikan dan angka transparansi."),
        ("Petugas", "Admin Nasional, admin instansi dan pejabat penghubung mengerjakan laporan (token bearer)."),
        ("Instansi", "Pohon instansi (publik) dan kotak masuk, eskalasi serta penghitung instansi (petugas)."),
        ("Monev", "Pemantauan dan evaluasi: indikator per instansi dan periode, peringkat, deret waktu, CSV."),
        ("Administrasi", "Admin Nasional: pohon instansi, kebijakan SLA dan kalender hari kerja."),
        ("Kalender", "Hari libur dan cuti bersama yang dipakai menghitung hari kerja."),
        ("Masuk", "Token petugas untuk akun lokal (admin create) dan, dalam mode demo, akun demo."),
        ("Development", "Hanya mode demo: token akun demo."),
    ];

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
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ContractOperationTransformer.ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details; `errors` names each wrong field (JSON path) with Indonesian messages.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Info.Title = "Lapor.Orleans API";
        document.Info.Description = "Mesin alur kerja pengaduan pelayanan publik (model SP4N-LAPOR!).";
        return Task.CompletedTask;
    }
}
