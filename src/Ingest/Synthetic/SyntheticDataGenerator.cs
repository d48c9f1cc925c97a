using PerturbKG.Model;
using System.Text.Json;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Generates a deterministic dataset in the real file formats (PrimeKG kg.csv and node files, LINCS GCT and info
/// tables) around a planted, graph-mediated mechanism (<see cref="PlantedMechanism"/>). The same scale and seed
/// give byte-identical files.
/// </summary>
public sealed class SyntheticDataGenerator
{
    public GeneratedDataset Generate(string outputDirectory, GeneratorScale scale, ulong seed, IProgress<string>? progress = null)
    {
        var directory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(directory);
        var profile = ScaleProfile.For(scale);
        progress?.Report($"planning a {scale} world (seed {seed})");
        var world = SyntheticWorld.Build(profile, seed);
        var random = new DeterministicRandom(seed ^ 0x5EED_F11E5UL);
        string In(string relative) => Path.Combine(directory, relative);

        progress?.Report("writing kg.csv");
        KgFileWriter.Write(In("kg.csv"), world, random.Fork("kg"));
        progress?.Report("writing node files");
        NodeFileWriter.WriteDrugs(In("nodes/drug_features.csv"), world, random.Fork("drugs"));
        NodeFileWriter.WriteProteins(In("nodes/protein_features.csv"), world, random.Fork("proteins"));
        NodeFileWriter.WriteDiseases(In("nodes/disease_features.csv"), world);
        NodeFileWriter.WriteDrugEmbeddings(In("embeddings/drug_structure.csv"), world);
        NodeFileWriter.WriteProteinEmbeddings(In("embeddings/protein_sequence.csv"), world, random.Fork("protein embeddings"));
        progress?.Report("writing LINCS files");
        LincsFileWriter.WriteGeneInfo(In("lincs/geneinfo.tsv"), world);
        LincsFileWriter.WritePertInfo(In("lincs/pertinfo.tsv"), world);
        LincsFileWriter.WriteDrugXref(In("lincs/drug_xref.tsv"), world);
        LincsFileWriter.WriteCellInfo(In("lincs/cellinfo.tsv"), world);
        LincsFileWriter.WriteSigInfo(In("lincs/siginfo.tsv"), world);
        LincsFileWriter.WriteGct(In("lincs/level5.gct"), world, random.Fork("gct"));
        LincsFileWriter.WriteBaselines(In("lincs/baseline.tsv"), world);

        var dataset = new GeneratedDataset(
            directory,
            scale,
            seed,
            new IngestOptions
            {
                Dataset = $"synthetic-{scale.ToString().ToLowerInvariant()}",
                PrimeKg = [In("kg.csv")],
                NodeAttributes =
                [
                    new NodeFileInput("drug", In("nodes/drug_features.csv")),
                    new NodeFileInput("protein", In("nodes/protein_features.csv")),
                    new NodeFileInput("disease", In("nodes/disease_features.csv")),
                ],
                Embeddings =
                [
                    new EmbeddingInput("drug", "structure", In("embeddings/drug_structure.csv")),
                    new EmbeddingInput("protein", "sequence", In("embeddings/protein_sequence.csv")),
                ],
                GeneInfo = [In("lincs/geneinfo.tsv")],
                PertInfo = [In("lincs/pertinfo.tsv")],
                DrugXref = [In("lincs/drug_xref.tsv")],
                CellInfo = [In("lincs/cellinfo.tsv")],
                SigInfo = [In("lincs/siginfo.tsv")],
                Matrices = [In("lincs/level5.gct")],
                Baselines = [In("lincs/baseline.tsv")],
            },
            profile.NodeCount,
            profile.EdgeCount,
            (profile.EdgeCount * 2) + profile.DuplicateRows,
            world.Signatures.Count,
            world.Compounds.Count);
        WriteManifest(In("generator.json"), dataset, world);
        return dataset;
    }

    private static void WriteManifest(string path, GeneratedDataset dataset, SyntheticWorld world)
    {
        var manifest = new
        {
            generator = "perturbkg generate",
            scale = dataset.Scale.ToString().ToLowerInvariant(),
            seed = dataset.Seed,
            counts = new { nodes = dataset.Nodes, edges = dataset.Edges, kgRows = dataset.KgRows, signatures = dataset.Signatures, compounds = dataset.Compounds, cellLines = world.Cells.Count, ppiModules = world.ModuleCount },
            mechanism = new
            {
                description = "delta = scale * sensitivity(cell) * direction * (x + a*A x + a^2*A^2 x)[landmarks] + offset(cell) + noise; x = negative weights (inhibition) on the drug's targets; A = symmetric-normalised protein_protein adjacency; direction = +1/-1 per landmark gene",
                alpha = 0.6,
                noise = SyntheticWorld.Noise,
                targetsVisibleAs = "drug_protein edges with display_relation 'target'",
            },
            joins = world.Compounds.GroupBy(c => c.Route).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            drugs = world.Drugs.Select(d => new
            {
                id = SyntheticNames.DrugBankId(d.Index),
                scaffold = d.ScaffoldKey,
                targets = d.Targets.Select(t => new { entrez = SyntheticNames.Entrez(t.Gene), weight = Math.Round(t.Weight, 4) }),
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }
}

/// <summary>A generated dataset: where it is, how to ingest it, and its size.</summary>
public sealed record GeneratedDataset(
    string Directory,
    GeneratorScale Scale,
    ulong Seed,
    IngestOptions Ingest,
    int Nodes,
    long Edges,
    long KgRows,
    int Signatures,
    int Compounds);
