using PerturbKG.Store.Sqlite;

namespace PerturbKG.UnitTests.Store;

public sealed class SqliteScalarTests
{
    // Regression: a nullable result type failed on any non-null value, which broke loading an embedding file of more
    // than one 4,096-row batch (the second batch looks up the feature set the first one created).
    [Fact]
    public void Scalar_ConvertsToNullableTypes_AndReturnsNullForNoRow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scalar-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = SqliteConnections.Open(path))
            {
                connection.Execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (42);");

                Assert.Equal(42L, connection.Scalar<long?>("SELECT v FROM t"));
                Assert.Null(connection.Scalar<long?>("SELECT v FROM t WHERE v = 0"));
                Assert.Equal(42, connection.Scalar<int>("SELECT v FROM t"));
                Assert.Equal(3.0, connection.Scalar<double?>("SELECT sqrt(9.0)"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
