namespace Lapor.Api.Auth;

/// <summary>Authorization policy names. Agency scope is checked by <see cref="Agencies.AgencyAccessFilter"/>.</summary>
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
}
