using System.Diagnostics.CodeAnalysis;
using Orleans.Storage;

namespace Lapor.Grains.Infrastructure;

/// <summary>
/// A grain's stored state read on first use instead of at activation. A call that creates the grain can then skip the
/// read of a row that does not exist yet: it assumes the state is new and writes insert-only, and the storage refuses that
/// write (<see cref="InconsistentStateException"/>) when the row exists after all.
/// </summary>
internal sealed class DeferredState<T>(IGrainStorage storage, string stateName, GrainId grainId)
    where T : class, new()
{
    private Stored _stored = new();

    /// <summary>The state as loaded, or as assumed new (an empty default).</summary>
    public T State => _stored.State;

    /// <summary>True once the state was read from storage or assumed new.</summary>
    public bool Known { get; private set; }

    /// <summary>True while the state is assumed new and nothing was stored by this activation yet.</summary>
    public bool AssumedNew => Known && _stored.ETag is null && !_stored.RecordExists;

    /// <summary>Reads the stored state unless it is already known. Returns true when this call read it.</summary>
    public async ValueTask<bool> LoadAsync()
    {
        if (Known)
        {
            return false;
        }

        await storage.ReadStateAsync(stateName, grainId, _stored);
        Known = true;
        return true;
    }

    /// <summary>Takes the state to be new without reading it; the first write then only inserts.</summary>
    public void AssumeNew()
    {
        _stored = new Stored();
        Known = true;
    }

    /// <summary>Forgets what this activation holds, so the next <see cref="LoadAsync"/> reads storage again.</summary>
    public void Forget()
    {
        _stored = new Stored();
        Known = false;
    }

    public Task WriteAsync() => storage.WriteStateAsync(stateName, grainId, _stored);

    /// <summary>
    /// Writes the state for a caller that ensures the commit is durable before it answers
    /// (<see cref="IWriterEnsuresDurability"/>), an insert with the grain's <paramref name="firstReminder"/> where the
    /// storage can store the two in one commit (<see cref="IInsertsWithFirstReminder"/>). True when it did.
    /// </summary>
    public async Task<bool> WriteEnsuredByCallerAsync(FirstReminder? firstReminder = null)
    {
        _stored.WriterEnsures = true;
        _stored.FirstReminder = AssumedNew ? firstReminder : null;
        _stored.FirstReminderStored = false;
        try
        {
            await storage.WriteStateAsync(stateName, grainId, _stored);
            return _stored.FirstReminder is not null && _stored.FirstReminderStored;
        }
        finally
        {
            _stored.WriterEnsures = false;
            _stored.FirstReminder = null;
        }
    }

    private sealed class Stored : IGrainState<T>, IWriterEnsuresDurability, IInsertsWithFirstReminder
    {
        private T? _state;

        /// <summary>Never null: the provider may hand a missing row's state over as null.</summary>
        [AllowNull]
        public T State
        {
            get => _state ??= new T();
            set => _state = value;
        }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public bool WriterEnsures { get; set; }

        public FirstReminder? FirstReminder { get; set; }

        public bool FirstReminderStored { get; set; }
    }
}
