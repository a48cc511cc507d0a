namespace Lapor.Api.Auth;

/// <summary>A staff account this host signs in itself (a demo account or a local account): who, which role, which agency.</summary>
public sealed record StaffAccount(string Username, string Name, string Role, string AgencyId);
