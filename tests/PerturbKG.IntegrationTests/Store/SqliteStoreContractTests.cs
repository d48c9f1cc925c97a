using PerturbKG.Store;
using PerturbKG.Store.Sqlite;
using PerturbKG.Tests;

namespace PerturbKG.IntegrationTests.Store;

/// <summary>The store contract on the embedded store: a fresh SQLite file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContract, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override Task<IGraphStore> OpenEmptyAsync() =>
        Task.FromResult<IGraphStore>(SqliteGraphStore.Open(_folder.File($"{Guid.NewGuid():N}.db")));

    public void Dispose() => _folder.Dispose();
}
