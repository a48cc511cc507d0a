namespace Lapor.Api.Attachments;

/// <summary>The file's own structure is broken or ends early (a truncated upload): refused, never stored.</summary>
public sealed class DamagedFileException : Exception
{
    public DamagedFileException() { }

    public DamagedFileException(string message) : base(message) { }

    public DamagedFileException(string message, Exception innerException) : base(message, innerException) { }
}
