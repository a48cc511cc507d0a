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

    /// <summary>
    /// The reminder provider's upsert of <paramref name="entry"/> (<paramref name="upsert"/>: its <c>UpsertReminderRowKey</c>
    /// text) with the provider's parameters and types, its DateTime and period widths included.
    /// </summary>
    public static GroupedStatement ReminderUpsert(string upsert, string serviceId, ReminderEntry entry) =>
        new(upsert, (parameters, create) =>
        {
            var startAt = entry.StartAt.Kind is DateTimeKind.Unspecified ? new DateTime(entry.StartAt.Ticks, DateTimeKind.Utc) : entry.StartAt;
            var periodMs = entry.Period.TotalMilliseconds;
            Add(parameters, create, "ServiceId", serviceId, DbType.String);
            Add(parameters, create, "GrainHash", (int)entry.GrainId.GetUniformHashCode(), DbType.Int32);
            Add(parameters, create, "GrainId", entry.GrainId.ToString(), DbType.String);
            Add(parameters, create, "ReminderName", entry.ReminderName, DbType.String);
            Add(parameters, create, "StartTime", startAt, DbType.DateTime);
            if (periodMs <= int.MaxValue)
            {
                Add(parameters, create, "Period", (int)periodMs, DbType.Int32);
            }
            else
            {
                Add(parameters, create, "Period", (long)periodMs, DbType.Int64);
            }
        }, "reminder|" + entry.GrainId);

    /// <summary>A version column as the providers' ETag text (null: no row, or no version).</summary>
    public static string? Version(object? value) => value is null or DBNull
        ? null
        : Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
