using PerturbKG.Ingest;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>Compounds that match no graph drug become Drug nodes keyed by the id the user gave, not by their structure.</summary>
public sealed class UnmatchedCompoundKeyTests
{
    [Fact]
    public async Task UnmatchedConsensusCompounds_AreKeyedByTheirDrugBankId()
    {
        // Issue 16 #13: new Drug nodes from the consensus table were reported keyed by SMILES (e.g. "Brc1c(Br)...").
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("c.db"));
        await store.IngestAsync(new IngestOptions
        {
            Dataset = "consensus",
            GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
            SignatureTables = [SharedData.Path("lincs/consensus/consensi-drugbank-dev.tsv.gz")],
            TableCell = "consensus",
            DrugXref = [SharedData.Path("lincs/consensus/consensi-drugbank-dev-compounds.tsv")],
        });

        var keys = store.Query("SELECT key FROM nodes WHERE type = 'Drug'", r => r.GetString(0));
        Assert.Equal(704, keys.Count);
        Assert.All(keys, key => Assert.Matches("^DB[0-9]{5}$", key));
        Assert.Contains("DB02424", keys);
    }
}
