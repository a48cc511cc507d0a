namespace Lapor.Storage.Tests;

public static class ExceptionSearch
{
    /// <summary>Finds an exception of type T anywhere in the chain (inner and aggregate exceptions).</summary>
    public static T? Find<T>(Exception? e) where T : Exception
    {
        while (e is not null)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    var hit = Find<T>(inner);
                    if (hit is not null)
                    {
                        return hit;
                    }
                }
            }

            e = e.InnerException;
        }

        return null;
    }
}
