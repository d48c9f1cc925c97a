using PerturbKG.Model.Data;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// Fixed-width input vectors for graph-blind models, assembled per pair from node features: the drug's own features,
/// the mean features of the genes it is linked to (its targets, as the knowledge graph lists them), and the cell
/// line's basal expression.
/// </summary>
public sealed class PairInputs
{
    private readonly Func<int, int, float[]> _vector;

    private PairInputs(int width, Func<int, int, float[]> vector, string description)
    {
        Width = width;
        _vector = vector;
        Description = description;
    }

    public int Width { get; }

    public string Description { get; }

    /// <summary>[drug features ‖ mean target features ‖ cell features]: the paper's MLP baseline.</summary>
    public static PairInputs DrugTargetsCell(GraphData data)
    {
        var drugs = data.Block("Drug");
        var genes = data.Block("Gene");
        var drugWidth = drugs?.Features?.Cols ?? 0;
        var geneWidth = genes?.Features?.Cols ?? 0;
        var cellWidth = data.Block("CellLine")?.Features?.Cols ?? 0;
        var targets = drugs is null || genes is null ? [] : TargetsOf(data, drugs, genes);
        var cache = new Dictionary<int, float[]>();
        float[] DrugPart(int drug)
        {
            if (cache.TryGetValue(drug, out var cached))
            {
                return cached;
            }

            var vector = new float[drugWidth + geneWidth];
            if (drugs?.Features is { } features)
            {
                features.Row(drug - drugs.Offset).CopyTo(vector);
            }

            if (genes?.Features is { } geneFeatures && targets.TryGetValue(drug, out var linked) && linked.Count > 0)
            {
                foreach (var gene in linked)
                {
                    var row = geneFeatures.Row(gene - genes.Offset);
                    for (var i = 0; i < geneWidth; i++)
                    {
                        vector[drugWidth + i] += row[i] / linked.Count;
                    }
                }
            }

            return cache[drug] = vector;
        }

        return new PairInputs(drugWidth + geneWidth + cellWidth, (drug, cell) => [.. DrugPart(drug), .. CellPart(data, cell, cellWidth)],
            $"drug features ({drugWidth}) ‖ mean target-gene features ({geneWidth}) ‖ cell basal expression ({cellWidth})");
    }

    /// <summary>[cell features] only: what the cell line alone predicts.</summary>
    public static PairInputs CellOnly(GraphData data)
    {
        var cellWidth = data.Block("CellLine")?.Features?.Cols ?? 0;
        return new PairInputs(cellWidth, (_, cell) => CellPart(data, cell, cellWidth), $"cell basal expression ({cellWidth})");
    }

    public Matrix Assemble(PairBatch batch)
    {
        var input = new Matrix(batch.Count, Width);
        for (var i = 0; i < batch.Count; i++)
        {
            _vector(batch.Drugs[i], batch.Cells[i]).CopyTo(input.Row(i));
        }

        return input;
    }

    private static float[] CellPart(GraphData data, int cell, int width)
    {
        var block = data.Block("CellLine");
        return block?.Features is { } features && cell >= block.Offset && cell < block.Offset + block.Count
            ? features.Row(cell - block.Offset).ToArray()
            : new float[width];
    }

    private static Dictionary<int, List<int>> TargetsOf(GraphData data, NodeBlock drugs, NodeBlock genes)
    {
        bool IsDrug(int row) => row >= drugs.Offset && row < drugs.Offset + drugs.Count;
        bool IsGene(int row) => row >= genes.Offset && row < genes.Offset + genes.Count;
        var targets = new Dictionary<int, List<int>>();
        var edges = data.Edges;
        for (var e = 0; e < edges.Count; e++)
        {
            if (IsDrug(edges.Source[e]) && IsGene(edges.Target[e]))
            {
                if (!targets.TryGetValue(edges.Source[e], out var list))
                {
                    targets[edges.Source[e]] = list = [];
                }

                if (!list.Contains(edges.Target[e]))
                {
                    list.Add(edges.Target[e]);
                }
            }
        }

        return targets;
    }
}
