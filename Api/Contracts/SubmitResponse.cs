using Lapor.Domain.Complaints;

namespace Lapor.Api.Contracts;

/// <summary>What a reporter gets back once: the tracking code and the secret that proves it is theirs.</summary>
public sealed record SubmitResponse(string TrackingCode, string Secret, ComplaintView Complaint);
