using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>The contract on the SQLite store, on a real file in a temp directory.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory directory = new();
    private int files;

    protected override IEventStore Create(StoreOptions options) =>
        new SqliteStore(new SqliteStoreOptions(directory.File($"piazza{++files}.db")) { Store = options }, new ListLogger(), Time);

    /// <summary>The SQLite store applies retention in a maintenance pass (at open and every minute).</summary>
    protected override Task ApplyRetentionAsync(IEventStore store) => ((SqliteStore)store).RunMaintenanceAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        directory.Dispose();
    }
}
