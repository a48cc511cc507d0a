using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>An agency picker (<c>AgencyPicker</c>) used as a person does: type part of the name, search, pick the match.</summary>
public static class AgencyChoice
{
    public static async Task ChooseAsync(ILocator form, string label, string search, string agencyId)
    {
        ArgumentNullException.ThrowIfNull(form);
        await form.GetByLabel($"Cari {label.ToLowerInvariant()}").FillAsync(search);
        await form.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await form.Locator($"input[type=radio][value='{agencyId}']").CheckAsync();
    }
}
