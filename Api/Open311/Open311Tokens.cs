using System.Security.Cryptography;
using Lapor.Api.Complaints;

namespace Lapor.Api.Open311;

/// <summary>
/// Tokens of POST requests (GeoReport v2 "batch" services) and the idempotency keys behind Open311 reports. A token
/// is 26 Crockford base32 characters (130 bits): random, or with an Idempotency-Key derived from it under the
/// server key (per client), so a retried POST gets the same token and lands on the same report. The tracking code
/// is derived from the token, so <c>tokens/{token}</c> needs no storage: nothing about tokens is kept.
/// </summary>
public static class Open311Tokens
{
    public const int Length = 26;

    public static string New(SubmissionKeys keys, string? client, string? idempotencyKey) =>
        idempotencyKey is null
            ? Crockford.Encode(RandomNumberGenerator.GetBytes(17), Length)
            // The derived secret of a namespaced key is a keyed hash of it: unguessable without the server key.
            : keys.For($"open311-token\n{client}\n{idempotencyKey}").Secret;

    /// <summary>The idempotency key the report of <paramref name="token"/> is filed under.</summary>
    public static string IdempotencyKey(string token) => "open311\n" + token;

    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => Crockford.Alphabet.Contains(c, StringComparison.Ordinal));
}
