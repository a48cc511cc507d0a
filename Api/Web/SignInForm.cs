namespace Lapor.Api.Web;

/// <summary>The sign-in form; checked by the API's own sign-in check (<see cref="Auth.SignInApi.Check"/>).</summary>
public sealed class SignInForm
{
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Back { get; set; }
}
