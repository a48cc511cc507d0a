using MudBlazor;

namespace Lapor.Api.Web;

/// <summary>The pages' colours: a dark red and navy with text contrast of at least 4.5:1 on white (WCAG AA).</summary>
public static class WebTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#9b1c1c",
            Secondary = "#1e3a5f",
            AppbarBackground = "#9b1c1c",
            TextPrimary = "#1a1a1a",
            TextSecondary = "#404040",
        },
    };
}
