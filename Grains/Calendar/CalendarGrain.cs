using System.Collections.Immutable;
using Lapor.Domain.Calendar;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Calendar;

[GenerateSerializer, Alias("lapor.CalendarState")]
public sealed class CalendarState
{
    [Id(0)] public int Version { get; set; }
    /// <summary>Years an admin replaced; they win over the shipped data.</summary>
    [Id(1)] public Dictionary<int, HolidayYear> Replaced { get; set; } = [];
    /// <summary>The newest <see cref="CalendarAmendments"/> level already applied to <see cref="Replaced"/>.</summary>
    [Id(2)] public int AmendmentLevel { get; set; }
}

/// <summary>The national calendar: shipped years plus admin replacements. Read through <see cref="CalendarCache"/>.</summary>
public sealed class CalendarGrain(
    [PersistentState("calendar", GrainStorage.Name)] IPersistentState<CalendarState> state) : Grain, ICalendarGrain
{
    private static readonly ImmutableArray<HolidayYear> Shipped = [.. BuiltInHolidays.Load()];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.AmendmentLevel >= CalendarAmendments.Latest)
        {
            return;
        }

        // A year an admin replaced before an amending decree shipped gets the added days once.
        var upgraded = CalendarAmendments.Upgrade(state.State.Replaced, state.State.AmendmentLevel);
        foreach (var (year, data) in upgraded)
        {
            state.State.Replaced[year] = data;
        }

        state.State.Version += upgraded.Count > 0 ? 1 : 0;
        state.State.AmendmentLevel = CalendarAmendments.Latest;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<CalendarSnapshot> GetYears() => Task.FromResult(Snapshot());

    public async Task<CalendarSnapshot> ReplaceYear(HolidayYear year)
    {
        state.State.Replaced[year.Year] = year;
        state.State.Version++;
        await state.WriteStateAsync();
        return Snapshot();
    }

    private CalendarSnapshot Snapshot()
    {
        var years = Shipped.Where(y => !state.State.Replaced.ContainsKey(y.Year))
            .Concat(state.State.Replaced.Values)
            .OrderBy(y => y.Year)
            .ToImmutableArray();
        return new CalendarSnapshot(state.State.Version, years);
    }
}

/// <summary>
/// Each silo's copy of the working-day calendar, refreshed from the calendar grain every
/// <see cref="EngineOptions.CalendarRefresh"/> so a deadline computation never needs a grain call of its own.
/// </summary>
public sealed class CalendarCache(IGrainFactory grains, TimeProvider time, Microsoft.Extensions.Options.IOptions<EngineOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (WorkingCalendar Calendar, CalendarSnapshot Snapshot, DateTimeOffset FetchedAt)? _current;

    public async Task<WorkingCalendar> GetAsync()
    {
        var now = time.GetUtcNow();
        if (_current is { } c && now - c.FetchedAt < options.Value.CalendarRefresh)
        {
            return c.Calendar;
        }

        await _gate.WaitAsync();
        try
        {
            if (_current is { } again && now - again.FetchedAt < options.Value.CalendarRefresh)
            {
                return again.Calendar;
            }

            var snapshot = await grains.Reference<ICalendarGrain>(ICalendarGrain.Key).GetYears();
            Accept(snapshot, now);
            return _current!.Value.Calendar;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Takes a snapshot the caller already has (after replacing a year) so this silo sees it at once.</summary>
    public void Accept(CalendarSnapshot snapshot, DateTimeOffset? at = null)
    {
        if (_current is { } c && c.Snapshot.Version > snapshot.Version)
        {
            return;
        }

        _current = (new WorkingCalendar(snapshot.Years), snapshot, at ?? time.GetUtcNow());
    }
}
