using System.Globalization;
using System.Security.Claims;
using Lapor.Api.Agencies;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Notifications;
using Lapor.Hosting.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Notifications;

/// <summary>
/// Notification subscriptions of an agency (its own agency admin or Admin Nasional), and the dead-letter list with
/// redelivery (agency admins see their agency's, Admin Nasional every one). docs/operations.md, "Notifications".
/// </summary>
public static class NotificationApi
{
    public const string DeniedTitle = "Hanya admin instansi ini atau Admin Nasional yang dapat mengatur notifikasinya.";
    private const string SubscriptionNotFound = "Langganan notifikasi tidak ditemukan.";

    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/agencies/{id}/subscriptions").WithTags("Notifikasi")
            .RequireAuthorization(Policies.Admin).RequireAgencyAccess(DeniedTitle);
        subscriptions.MapGet("", List).WithSummary("Langganan notifikasi instansi (webhook dan surel)");
        subscriptions.MapPost("", Create).WithSummary("Tambah langganan notifikasi (rahasia webhook ditampilkan sekali)");
        subscriptions.MapPut("/{subscriptionId}", Update).WithSummary("Ubah alamat, peristiwa atau status aktif langganan");
        subscriptions.MapDelete("/{subscriptionId}", Delete).WithSummary("Hapus langganan notifikasi");
        subscriptions.MapPost("/{subscriptionId}/secrets", Rotate).WithSummary("Rotasi rahasia webhook: rahasia baru, yang lama tetap menandatangani selama masa tumpang tindih")
            .WithDescription("Setiap pengiriman ditandatangani dengan semua rahasia yang masih berlaku (header webhook-signature berisi beberapa tanda tangan v1).");

        var dead = app.MapGroup("/api/admin/notifications").WithTags("Notifikasi").RequireAuthorization(Policies.Admin);
        dead.MapGet("/dead", Dead).WithSummary("Pengiriman notifikasi yang disisihkan (gagal setelah batas percobaan), terbaru dulu")
            .WithDescription("Halaman berbasis kursor: kirim nextCursor sebagai cursor. take 1–200 (bawaan 50). Admin instansi hanya melihat instansinya. " +
                "Pengiriman yang disisihkan dihapus setelah masa retensi notifikasi (bawaan 90 hari); kirim ulang sebelum itu.");
        dead.MapPost("/{id}/redeliver", Redeliver).WithSummary("Kirim ulang satu notifikasi yang disisihkan");
        return app;
    }

    private static bool MayManage(ClaimsPrincipal user, string agencyId) =>
        user.IsInRole(Roles.NationalAdmin) || user.FindFirstValue(LaporClaims.Agency) == agencyId;

    public static async Task<Results<Ok<IReadOnlyList<SubscriptionView>>, ProblemHttpResult>> List(string id, HttpContext http, AdoNetNotificationStore store)
    {
        if (!MayManage(http.User, id))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        var list = await Transient.RetryAsync(() => store.SubscriptionsAsync(id, http.RequestAborted));
        return TypedResults.Ok<IReadOnlyList<SubscriptionView>>([.. list.Select(SubscriptionView.Of)]);
    }

    public static async Task<Results<Created<SubscriptionCreated>, ValidationProblem, ProblemHttpResult>> Create(
        string id, SubscriptionRequest request, HttpContext http, AdoNetNotificationStore store, IOptions<NotificationOptions> options, TimeProvider time)
    {
        if (!MayManage(http.User, id))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        var (kind, target, events, errors) = Read(request, options.Value, existing: null);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        if ((await store.SubscriptionsAsync(id, http.RequestAborted)).Count >= 20)
        {
            return Problems.Invalid("kind", "Paling banyak 20 langganan per instansi.");
        }

        var now = time.GetUtcNow();
        var secret = kind == SubscriptionKind.Webhook ? new SubscriptionSecret(NewId("sec"), WebhookSender.NewSecret(), now, null) : null;
        var subscription = new Subscription(NewId("sub"), id, kind, target!, events, secret is null ? [] : [secret], request.Active ?? true, now, now);
        await store.SaveSubscriptionAsync(subscription, http.RequestAborted);
        return TypedResults.Created($"/api/agencies/{id}/subscriptions/{subscription.Id}",
            new SubscriptionCreated(SubscriptionView.Of(subscription), secret?.Secret));
    }

    public static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> Update(
        string id, string subscriptionId, SubscriptionRequest request, HttpContext http, AdoNetNotificationStore store,
        IOptions<NotificationOptions> options, TimeProvider time)
    {
        if (!MayManage(http.User, id))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        var existing = await store.SubscriptionAsync(subscriptionId, http.RequestAborted);
        if (existing is null || existing.AgencyId != id)
        {
            return Problems.NotFound(SubscriptionNotFound);
        }

        var (_, target, events, errors) = Read(request, options.Value, existing);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var updated = existing with { Target = target!, Events = events, Active = request.Active ?? existing.Active, UpdatedAt = time.GetUtcNow() };
        await store.SaveSubscriptionAsync(updated, http.RequestAborted);
        return TypedResults.Ok(SubscriptionView.Of(updated));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, string subscriptionId, HttpContext http, AdoNetNotificationStore store)
    {
        if (!MayManage(http.User, id))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        return await store.DeleteSubscriptionAsync(id, subscriptionId, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound(SubscriptionNotFound);
    }

    public static async Task<Results<Ok<SecretIssued>, ValidationProblem, ProblemHttpResult>> Rotate(
        string id, string subscriptionId, HttpContext http, AdoNetNotificationStore store, IOptions<NotificationOptions> options, TimeProvider time)
    {
        if (!MayManage(http.User, id))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        var existing = await store.SubscriptionAsync(subscriptionId, http.RequestAborted);
        if (existing is null || existing.AgencyId != id)
        {
            return Problems.NotFound(SubscriptionNotFound);
        }

        if (existing.Kind != SubscriptionKind.Webhook)
        {
            return Problems.Invalid("subscriptionId", "Hanya langganan webhook yang memakai rahasia.");
        }

        // The old secrets keep signing for the overlap, so receivers can switch without missing a delivery.
        var now = time.GetUtcNow();
        var until = now + options.Value.SecretOverlap;
        var fresh = new SubscriptionSecret(NewId("sec"), WebhookSender.NewSecret(), now, null);
        var kept = existing.ActiveSecrets(now).Select(s => s with { ExpiresAt = s.ExpiresAt is { } e && e < until ? e : until });
        await store.SaveSubscriptionAsync(existing with { Secrets = [.. kept, fresh], UpdatedAt = now }, http.RequestAborted);
        return TypedResults.Ok(new SecretIssued(existing.Id, fresh.Id, fresh.Secret));
    }

    public static async Task<Results<Ok<DeliveryPage>, ValidationProblem, ProblemHttpResult>> Dead(
        string? agencyId, string? cursor, int? take, HttpContext http, AdoNetNotificationStore store)
    {
        var errors = new Validation.Errors();
        if (take is < 1 or > 200)
        {
            errors.Add("take", "Harus 1 sampai 200.");
        }

        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0)
            {
                before = c;
            }
            else
            {
                errors.Add("cursor", "Kursor tidak dikenal: pakai nextCursor dari halaman sebelumnya.");
            }
        }

        if (agencyId is not null && !Validation.IsSlug(agencyId))
        {
            errors.Add("agencyId", "Kode instansi tidak valid.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var scope = Scope(http.User, agencyId);
        if (scope is { Allowed: false })
        {
            return Problems.Forbidden(DeniedTitle);
        }

        return TypedResults.Ok(await Transient.RetryAsync(() => store.DeadAsync(scope.AgencyId, before, take ?? 50, http.RequestAborted)));
    }

    public static async Task<Results<Ok<RedeliveryView>, ProblemHttpResult>> Redeliver(string id, HttpContext http, AdoNetNotificationStore store, TimeProvider time)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return Problems.NotFound("Pengiriman yang disisihkan tidak ditemukan.");
        }

        var scope = Scope(http.User, null);
        return await store.RedeliverAsync(seq, scope.AgencyId, time.GetUtcNow(), http.RequestAborted)
            ? TypedResults.Ok(new RedeliveryView(seq, "pending"))
            : Problems.NotFound("Pengiriman yang disisihkan tidak ditemukan.");
    }

    /// <summary>Admin Nasional sees every agency (or the one asked for); an agency admin only their own.</summary>
    private static (bool Allowed, string? AgencyId) Scope(ClaimsPrincipal user, string? asked)
    {
        if (user.IsInRole(Roles.NationalAdmin))
        {
            return (true, asked);
        }

        var own = user.FindFirstValue(LaporClaims.Agency) ?? AgencyIds.National;
        return (asked is null || asked == own, own);
    }

    private static (SubscriptionKind Kind, string? Target, IReadOnlyList<string> Events, Validation.Errors Errors) Read(
        SubscriptionRequest request, NotificationOptions options, Subscription? existing)
    {
        var errors = new Validation.Errors();
        SubscriptionKind kind;
        if (existing is not null)
        {
            kind = existing.Kind;
            if (request.Kind is not null && !string.Equals(request.Kind, existing.Kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("kind", "Jenis langganan tidak dapat diubah; buat langganan baru.");
            }
        }
        else if (string.Equals(request.Kind, "webhook", StringComparison.OrdinalIgnoreCase))
        {
            kind = SubscriptionKind.Webhook;
        }
        else if (string.Equals(request.Kind, "email", StringComparison.OrdinalIgnoreCase))
        {
            kind = SubscriptionKind.Email;
        }
        else
        {
            kind = SubscriptionKind.Webhook;
            errors.Add("kind", "Wajib diisi: webhook atau email.");
        }

        string? target = null;
        if (kind == SubscriptionKind.Webhook)
        {
            target = request.Url ?? existing?.Target;
            if (WebhookAddresses.Check(target, options) is { } problem)
            {
                errors.Add("url", problem);
            }
        }
        else
        {
            target = request.Email?.Trim() ?? existing?.Target;
            if (!Validation.IsEmail(target))
            {
                errors.Add("email", "Alamat surel tidak valid.");
            }
        }

        var events = request.Events ?? existing?.Events;
        if (events is null || events.Count == 0)
        {
            errors.Add("events", "Pilih sedikitnya satu peristiwa: " + string.Join(", ", NotificationKinds.AgencyEvents) + ".");
            events = [];
        }
        else if (events.FirstOrDefault(e => !NotificationKinds.AgencyEvents.Contains(e)) is { } unknown)
        {
            errors.Add("events", $"Peristiwa tidak dikenal: {unknown}. Pilihan: " + string.Join(", ", NotificationKinds.AgencyEvents) + ".");
        }

        return (kind, target, [.. events.Distinct(StringComparer.Ordinal)], errors);
    }

    private static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";
}
