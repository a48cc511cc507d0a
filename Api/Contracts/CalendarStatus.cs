namespace Lapor.Api.Contracts;

/// <summary>
/// The calendar as admins see it: <see cref="MissingAhead"/> lists this year and next when they lack holiday data,
/// and <see cref="Warning"/> says what that means for deadlines (null when nothing is missing).
/// </summary>
public sealed record CalendarStatus(int Version, IReadOnlyList<int> Years, IReadOnlyList<int> MissingAhead, string? Warning);
