using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Lapor.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Lapor.Api.Http;

/// <summary>
/// Makes each operation say what a generated client needs: its security requirement (bearer, reporter secret or
/// none), an operationId, every 4xx it can answer as problem details, If-Match and ETag where versions are guarded,
/// the Idempotency-Key rules and the CSV media type. Derived from the endpoint's metadata, so a new endpoint is
/// described by the same rules as its neighbours.
/// </summary>
public sealed class ContractOperationTransformer : IOpenApiOperationTransformer
{
    public const string ProblemSchema = "ProblemDetails";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? "").TrimStart('/');
        var method = description.HttpMethod ?? "GET";
        var document = context.Document!;

        if (string.IsNullOrEmpty(operation.OperationId) && metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler)
        {
            var owner = handler.DeclaringType!.Name.Replace("Api", "", StringComparison.Ordinal);
            operation.OperationId = char.ToLowerInvariant(owner[0]) + owner[1..] + handler.Name;
        }

        // Security: anonymous endpoints say so (an empty requirement); the reporter policy uses the tracking secret.
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        var reporter = policies.Contains(Policies.Reporter);
        var bearer = !anonymous && !reporter && metadata.OfType<IAuthorizeData>().Any();
        operation.Security = anonymous || (!reporter && !bearer)
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(reporter ? "TrackingSecret" : "Bearer", document)] = [] }];

        var complaint = path.Contains("{code}", StringComparison.Ordinal);
        var command = complaint && method == "POST";
        // A change of the complaint, If-Match guarded: every action, and the reporter's erasure of their data (allowed at
        // every status, so never a 409 of its own).
        var guarded = command || (complaint && method == "DELETE");
        var hasBody = method is "POST" or "PUT";
        var hasQuery = description.ParameterDescriptions.Any(p => p.Source.Id == "Query");
        Problem(operation, document, 400, "Data tidak valid: `errors` menamai setiap bidang yang salah.", when: hasBody || hasQuery || guarded);
        Problem(operation, document, 401, "Tanpa kredensial yang sah untuk operasi ini.", when: bearer || reporter || path.EndsWith("/token", StringComparison.Ordinal));
        Problem(operation, document, 403, "Peran atau instansi Anda tidak berwenang.", when: bearer);
        Problem(operation, document, 404, "Tidak ditemukan (atau tidak terlihat oleh Anda).",
            when: complaint || path.Contains("{id}", StringComparison.Ordinal) || (path.Contains("{year}", StringComparison.Ordinal) && method == "GET"));
        Problem(operation, document, 409, "Tindakan tidak mungkin pada status laporan saat ini.", when: command);
        Problem(operation, document, 412, "If-Match tidak cocok dengan versi laporan saat ini.", when: guarded);
        var upload = metadata.OfType<Attachments.AttachmentUploadMarker>().Any();
        Problem(operation, document, 413, upload ? "Berkas melebihi batas ukuran (Lapor:Attachments:MaxFileBytes)." : "Isi permintaan terlalu besar (maks. 256 KiB).",
            when: hasBody);
        Problem(operation, document, 415, upload
            ? "Jenis berkas tidak diterima (dikenali dari isinya: JPEG, PNG, WebP, PDF, MP4, MOV sesuai pengaturan)."
            : "Isi permintaan harus application/json.", when: hasBody);
        Problem(operation, document, 409, "Tindakan tidak mungkin pada status laporan saat ini, atau laporan sudah memiliki lampiran sebanyak batasnya.",
            when: command && operation.RequestBody is not null && BodyMentionsAttachments(operation));
        Problem(operation, document, 422, "Idempotency-Key ini sudah dipakai untuk laporan lain.", when: path == "/api/complaints" && method == "POST");
        Problem(operation, document, 429, "Terlalu banyak permintaan; lihat Retry-After.",
            when: complaint || metadata.OfType<EnableRateLimitingAttribute>().Any());
        Problem(operation, document, 503, "Layanan sementara tidak tersedia; lihat Retry-After.", when: true);

        if (guarded)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Versi laporan yang terakhir Anda lihat, sebagai ETag kuat (mis. \"3\"). Tanpa header ini tindakan tidak memeriksa versi.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (complaint || (path == "/api/complaints" && method == "POST"))
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (status is "200" or "201" && response is OpenApiResponse ok)
                {
                    ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    ok.Headers["ETag"] = new OpenApiHeader
                    {
                        Description = "Versi laporan sebagai ETag kuat; kirim kembali sebagai If-Match.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }
        }

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { Name: "Idempotency-Key" } key)
            {
                key.Description = "8–128 karakter yang dapat dicetak (mis. UUID). Kirim ulang dengan kunci yang sama tidak membuat laporan kedua.";
                key.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 8, MaxLength = 128 };
            }
        }

        if (upload)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Berkas itu sendiri, utuh (jenis dikenali dari isinya, Content-Type diabaikan).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        if (metadata.OfType<Attachments.AttachmentDownloadMarker>().Any())
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "Isi berkas, dengan Content-Disposition: attachment (nama berkas UTF-8), X-Content-Type-Options: nosniff, "
                    + "Cache-Control: no-store dan Repr-Digest (SHA-256).",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Content-Disposition"] = new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["Repr-Digest"] = new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                Content = Attachments.FileKind.All.Select(k => k.ContentType)
                    .ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
        }

        if (path.EndsWith("/export.csv", StringComparison.Ordinal))
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "CSV: UTF-8 dengan BOM, CRLF, RFC 4180 (lang=id: judul Indonesia, pemisah ';', koma desimal).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>Messages that may name uploads (their request shape has attachmentIds) can hit the per-complaint limit.</summary>
    private static bool BodyMentionsAttachments(OpenApiOperation operation) =>
        operation.RequestBody?.Content?.Values.Any(c => c.Schema is OpenApiSchemaReference reference
            && reference.Reference.Id == nameof(Contracts.MessageWithAttachmentsRequest)) == true;

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, int status, string description, bool when)
    {
        if (!when)
        {
            return;
        }

        // One schema for every refusal (ASP.NET Core's own 400 schema included), so a client handles them alike.
        operation.Responses ??= [];
        operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }
}

/// <summary>
/// Properties that may be null are optional: requests may leave them out, and answers leave them out (the API omits
/// nulls), so a generated client types them <c>field?: T</c> instead of "required and nullable".
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Required is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.IsGetNullable || property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null)
            {
                schema.Required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }
}
