using PerturbKG.Ingest;

namespace PerturbKG.IntegrationTests.Graph;

/// <summary>A graph that is not PrimeKG: Hetionet's node table and SIF edges.</summary>
public sealed class HetionetTests
{
    [Fact]
    public async Task Ingest_LoadsEveryNodeAndTheOfficialEdgeCounts_FromHetionetSif()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));

        var report = await store.IngestAsync(new IngestOptions
        {
            Dataset = "hetionet",
            NodeTables = [SharedData.Path("kg/hetionet/hetionet-v1.0-nodes.tsv")],
            EdgeLists = [SharedData.Path("kg/hetionet/hetionet-v1.0-edges-7types.sif.gz")],
            Metaedges = SharedData.Path("kg/hetionet/hetionet-v1.0-metaedges.tsv"),
        });

        Assert.Equal(0, report.Rejected);
        Assert.Equal(47_031, report.StoreAfter.Nodes);
        Assert.Equal(1_552, report.StoreAfter.NodesByType["Drug"]);
        Assert.Equal(20_945, report.StoreAfter.NodesByType["Gene"]);
        var official = new Dictionary<string, long>
        {
            ["compound_binds_gene"] = 11_571,
            ["compound_treats_disease"] = 755,
            ["disease_associates_gene"] = 12_623,
            ["gene_covaries_gene"] = 61_690,
            ["gene_interacts_gene"] = 147_164,
            ["gene_participates_pathway"] = 84_372,
            ["gene_regulates_gene"] = 265_672,
        };
        Assert.Equal(official, report.StoreAfter.EdgesByRelation);
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM relations WHERE directed = 1 AND name = 'gene_regulates_gene'"));
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM nodes WHERE type = 'Drug' AND key = 'DB00014' AND name = 'Goserelin'"));
    }

    [Fact]
    public async Task Ingest_RejectsEdgesWithUnknownEndpoints_NamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var nodes = dir.Write("nodes.tsv", "id\tname\tkind\nGene::1\tA\tGene\nGene::2\tB\tGene\n");
        var edges = dir.Write("edges.sif", "source\tmetaedge\ttarget\nGene::1\tGiG\tGene::2\nGene::1\tGiG\tGene::9\nGene::2\tGiG\tGene::1\n");

        var report = await store.IngestAsync(new IngestOptions { NodeTables = [nodes], EdgeLists = [edges] });

        var issue = Assert.Single(report.Issues);
        Assert.Equal((edges, 3L), (issue.File, issue.Line));
        Assert.Contains("Gene::9", issue.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Graph!.Edges);
        Assert.Equal(1, report.Graph.MirroredRows);
    }
}
