using Microsoft.Data.Sqlite;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Sqlite;

/// <summary>The store-wide landmark gene set: every stored vector is in its position order.</summary>
internal static class SqliteLandmarks
{
    public static IReadOnlyList<LandmarkGene> Read(SqliteConnection connection) =>
        connection.Query("SELECT position, entrez, symbol, node FROM landmark_genes ORDER BY position",
            r => new LandmarkGene(r.Int("position"), r.Text("entrez"), r.Text("symbol"), r.Long("node")));

    public static void Replace(SqliteConnection connection, long datasetId, IReadOnlyList<LandmarkGene> genes)
    {
        var current = Read(connection);
        var sameOrder = current.Count == genes.Count &&
            current.Zip(genes).All(p => p.First.Position == p.Second.Position && p.First.EntrezId == p.Second.EntrezId);
        if (current.Count > 0 && !sameOrder)
        {
            var usedElsewhere = connection.Scalar<long>(
                "SELECT (SELECT COUNT(*) FROM signatures WHERE dataset <> $d) + " +
                "(SELECT COUNT(*) FROM cell_baselines WHERE dataset <> $d)", ("$d", datasetId));
            if (usedElsewhere > 0)
            {
                throw new InvalidOperationException(
                    "This dataset's landmark genes differ from the store's, which other datasets' vectors are ordered by. " +
                    "Load it into a new store, or re-ingest those datasets with the same gene information.");
            }
        }

        connection.Execute("DELETE FROM landmark_genes");
        using var insert = new RawStatement(
            connection, "INSERT INTO landmark_genes (position, entrez, symbol, node) VALUES (?1, ?2, ?3, ?4)");
        foreach (var gene in genes)
        {
            insert.Bind(1, gene.Position);
            insert.Bind(2, gene.EntrezId);
            insert.Bind(3, gene.Symbol);
            insert.Bind(4, gene.Node);
            insert.Run();
        }
    }
}
