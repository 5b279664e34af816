namespace Piazza.Store;

/// <summary>
/// One room's events in a memory store: a growable ring, oldest first. Ids are dense, so the
/// event with id <c>n</c> sits at <c>n - Oldest.Id</c>.
/// </summary>
internal sealed class EventRing
{
    private StoredEvent[] items = new StoredEvent[16];
    private int head;

    public int Count { get; private set; }

    public StoredEvent this[int index] => items[(head + index) % items.Length];

    public StoredEvent Oldest => this[0];

    public void Add(StoredEvent stored)
    {
        if (Count == items.Length)
        {
            var grown = new StoredEvent[items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = this[i];
            }

            items = grown;
            head = 0;
        }

        items[(head + Count) % items.Length] = stored;
        Count++;
    }

    public void RemoveOldest()
    {
        items[head] = null!;
        head = (head + 1) % items.Length;
        Count--;
    }
}
