namespace Lapor.Api.Web.Staff;

/// <summary>The agency form of the administration pages; checked by the administration API's handler.</summary>
public sealed class AgencyForm
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ParentId { get; set; }
    public string? Level { get; set; }
    public string? Zone { get; set; }

    /// <summary>The parent picker's search text and its button (a post that searches instead of saving).</summary>
    public string? ParentSearch { get; set; }
    public string? FindParent { get; set; }
}

/// <summary>The SLA form: per step an amount (empty: inherited) and a unit, and the reopen window.</summary>
public sealed class SlaForm
{
    public Dictionary<string, string?> Amount { get; set; } = [];
    public Dictionary<string, string?> Unit { get; set; } = [];
    public string? ReopenWindowDays { get; set; }
}

/// <summary>The holiday year form: the decree and one line per day ("2026-03-31;libur;Idulfitri").</summary>
public sealed class CalendarForm
{
    public int? Year { get; set; }
    public string? Source { get; set; }
    public string? Days { get; set; }
}

/// <summary>The local account form (create or reset).</summary>
public sealed class AccountForm
{
    public string? Username { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? AgencyId { get; set; }
    public bool Reset { get; set; }

    /// <summary>The agency picker's search text and its button (a post that searches instead of saving).</summary>
    public string? AgencySearch { get; set; }
    public string? FindAgency { get; set; }
}
