using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Lapor.Hosting.Storage;

/// <summary>What writing rows with Orleans' ADO.NET providers' own statements needs: their typed parameters and versions.</summary>
internal static class ProviderRows
{
    /// <summary>Adds a parameter with the type the provider gives it (the same value and type it would bind).</summary>
    public static void Add(DbParameterCollection parameters, Func<DbParameter> create, string name, object value, DbType type)
    {
        var parameter = create();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        parameters.Add(parameter);
    }

    /// <summary>A version column as the providers' ETag text (null: no row, or no version).</summary>
    public static string? Version(object? value) => value is null or DBNull
        ? null
        : Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
