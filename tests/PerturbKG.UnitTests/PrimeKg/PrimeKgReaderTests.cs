using PerturbKG.Ingest.Graph;
using PerturbKG.Ingest.PrimeKg;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.UnitTests.PrimeKg;

public sealed class PrimeKgReaderTests
{
    private const string Header = "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source\n";

    [Fact]
    public void Read_StoresDrugProteinEdgesFromDrug_WhenFileListsTheProteinFirst()
    {
        var (built, issues) = Read(Header +
            "drug_protein,target,5,7157,gene/protein,TP53,NCBI,9,DB00001,drug,\"Lepirudin, recombinant\",DrugBank\n" +
            "drug_protein,target,9,DB00001,drug,\"Lepirudin, recombinant\",DrugBank,5,7157,gene/protein,TP53,NCBI\n");

        Assert.Equal(0, issues.Total);
        var relation = Assert.Single(built.Relations);
        Assert.Equal((NodeTypes.Drug, NodeTypes.Gene), (relation.SourceType, relation.TargetType));
        Assert.Equal(1, built.EdgeCount);
        Assert.Equal(1, built.MirroredRows);
        var (_, source, target) = built.Edge(0);
        Assert.Equal("DB00001", built.Nodes[source].Key);
        Assert.Equal("Lepirudin, recombinant", built.Nodes[source].Name);
        Assert.Equal("7157", built.Nodes[target].Key);
    }

    [Fact]
    public void Read_RejectsBadRowsWithTheirLines_WhenRowsAreMalformed()
    {
        var (built, issues) = Read(Header +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI,2,20,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI\n" +
            "protein_protein,ppi,x1,10,gene/protein,A,NCBI,2,20,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI,3,30,cell/line,C,NCBI\n" +
            "protein_protein,ppi,1,99,gene/protein,A,NCBI,2,20,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,2,20,gene/protein,B,NCBI,1,10,gene/protein,A,NCBI\n");

        Assert.Equal(4, issues.Total);
        Assert.Equal(
            [(3L, IssueKind.WrongColumnCount), (4L, IssueKind.UnparsableNumber), (5L, IssueKind.UnknownNodeType), (6L, IssueKind.ConflictingDuplicateId)],
            issues.Kept.Select(i => (i.Line, i.Kind)));
        Assert.All(issues.Kept, i => Assert.EndsWith("kg.csv", i.File, StringComparison.Ordinal));
        Assert.Equal(1, built.EdgeCount);
    }

    [Fact]
    public void Read_Throws_WhenLastLineIsCutOff()
    {
        var error = Assert.Throws<InvalidInputException>(() => Read(Header +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI,2,20,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,2,20,gene/prot"));

        Assert.Equal(3, error.Line);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Throws_WhenRequiredColumnIsMissing()
    {
        var error = Assert.Throws<InvalidInputException>(() => Read("relation,x_index,y_index\nppi,1,2\n"));

        Assert.Equal(1, error.Line);
        Assert.Contains("display_relation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StopsAtFirstBadRow_WhenStrict()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("kg.csv", Header + "protein_protein,ppi,1,10,gene/protein,A,NCBI,2,20,gene/protein,B\n");
        using var file = InputFile.Open(path);

        var error = Assert.Throws<InvalidInputException>(() =>
            new PrimeKgReader(new KnowledgeGraphBuilder(), new IngestIssues(strict: true)).Read(file, null, CancellationToken.None));

        Assert.Equal(2, error.Line);
        Assert.Contains("--strict", error.Message, StringComparison.Ordinal);
    }

    private static (BuiltGraph Graph, IngestIssues Issues) Read(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("kg.csv", content);
        var graph = new KnowledgeGraphBuilder();
        var issues = new IngestIssues(strict: false);
        using (var file = InputFile.Open(path))
        {
            new PrimeKgReader(graph, issues).Read(file, null, CancellationToken.None);
        }

        return (graph.Build(), issues);
    }
}
