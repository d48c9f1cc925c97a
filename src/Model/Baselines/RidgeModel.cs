using System.Numerics.Tensors;
using PerturbKG.Model.Data;
using PerturbKG.Model.Training;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// Ridge regression from fixed pair features (<see cref="FeatureBlock"/>s) to the standardised residual around the
/// cell line's training mean; the penalty is chosen on the validation fold from <see cref="RidgeRegression.DefaultPenalties"/>.
/// <c>ridge</c> reads the drug's ECFP4 bits and embeddings and the cell's features; <c>kg-ridge</c> reads graph
/// features of the drug computed without learning (<see cref="RandomWalkFeatures"/>).
/// </summary>
public sealed class RidgeModel(string name, IReadOnlyList<FeatureBlock> blocks) : IFittedModel
{
    private RidgeRegression? _ridge;
    private bool _fitted;
    private (double[] Mean, double[] Scale)[] _scaling = [];

    public string Name { get; } = name;


    /// <summary>
    /// Ridge on the drug's random-walk readout over the graph (<see cref="RandomWalkFeatures"/>, z-scored per column) and
    /// the cell's features: <c>kg-ridge</c>; with <paramref name="drugFeatures"/>, the drug's own features (ECFP4 ‖
    /// embeddings) too: the GAT's prior.
    /// </summary>
    public static RidgeModel OnGraph(string name, GraphData graph, RandomWalkFeatures walks, bool drugFeatures = false)
    {
        var readout = new FeatureBlock(walks.Description, graph.Landmarks.Length, (drug, _) => walks.Of(drug), Standardize: true, Prepare: walks.Prepare);
        var blocks = new[] { readout, drugFeatures ? FeatureBlock.DrugFeatures(graph) : null, FeatureBlock.CellFeatures(graph) };
        return new RidgeModel(name, blocks.OfType<FeatureBlock>().ToList());
    }

    public string Description => string.Join(" ‖ ", blocks.Select(b => b.Name));

    public TrainingResult Fit(IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation, TrainingMeans means, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (blocks.Sum(b => b.Width) == 0)
        {
            _ridge = null;
            _fitted = true;
            return new TrainingResult(Name, [], 0, double.NaN, 0, false, "no input features: predicts the cell mean");
        }

        PrepareBlocks(train.Concat(validation).Select(s => s.Drug));
        _scaling = blocks.Select(b => Scaling(b, train)).ToArray();
        var x = Inputs(train.Select(s => (s.Drug, s.Cell)).ToList());
        var y = StandardizedResiduals.Of(train, means);
        var xValidation = Inputs(validation.Select(s => (s.Drug, s.Cell)).ToList());
        var yValidation = StandardizedResiduals.Of(validation, means);
        _ridge = RidgeRegression.Fit(x, y, xValidation, yValidation, ct: ct);
        _fitted = true;
        var best = _ridge.ValidationPath.First(p => p.Penalty == _ridge.Penalty).Loss;
        var history = _ridge.ValidationPath.Select((p, i) => new EpochLoss(i + 1, double.NaN, p.Loss, clock.Elapsed.TotalSeconds)).ToList();
        return new TrainingResult(Name, history, 0, best, clock.Elapsed.TotalSeconds, false, $"penalty {_ridge.Penalty:G3} × mean squared row norm");
    }

    public Matrix Predict(PairBatch batch)
    {
        if (!_fitted)
        {
            throw new InvalidOperationException($"{Name} predicts only after it was fitted.");
        }

        var residual = new Matrix(batch.Count, batch.Scale.Cols);
        if (_ridge is not { } ridge)
        {
            return batch.Frame(residual); // no features: the cell mean
        }

        PrepareBlocks(batch.Drugs);
        var output = ridge.Predict(Inputs(batch.Drugs.Zip(batch.Cells).ToList()));
        for (var i = 0; i < output.Length; i++)
        {
            TensorPrimitives.ConvertTruncating<double, float>(output[i], residual.Row(i));
        }

        return batch.Frame(residual);
    }

    /// <summary>Total width of a raw input row (every block, before centring and scaling).</summary>
    public int Width => blocks.Sum(b => b.Width);

    /// <summary>
    /// The fitted map on raw input rows (<see cref="RawRows"/>): standardised residual = (x − Shift) · Weights, with the
    /// blocks' centring and scaling folded in; null when there was nothing to fit (no features).
    /// </summary>
    public (float[] Shift, float[] Weights)? LinearMap()
    {
        if (_ridge is not { } ridge)
        {
            return null;
        }

        var (mean, weights) = ridge.LinearMap();
        var genes = weights[0].Length;
        var shift = new float[Width];
        var folded = new float[Width * genes];
        var at = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var (blockMean, scale) = _scaling[b];
            for (var j = 0; j < blocks[b].Width; j++, at++)
            {
                shift[at] = (float)(blockMean[j] + (scale[j] != 0 ? mean[at] / scale[j] : 0));
                for (var g = 0; g < genes; g++)
                {
                    folded[(at * genes) + g] = (float)(scale[j] * weights[at][g]);
                }
            }
        }

        return (shift, folded);
    }

    /// <summary>Raw input rows (every block side by side, as the blocks give them) of some pairs, as a batch × <see cref="Width"/> matrix.</summary>
    public Matrix RawRows(IReadOnlyList<int> drugs, IReadOnlyList<int> cells)
    {
        PrepareBlocks(drugs);
        var rows = new Matrix(drugs.Count, Width);
        for (var i = 0; i < drugs.Count; i++)
        {
            var row = rows.Row(i);
            var at = 0;
            foreach (var block in blocks)
            {
                var values = block.Row(drugs[i], cells[i]);
                for (var j = 0; j < values.Length; j++)
                {
                    row[at + j] = (float)values[j];
                }

                at += block.Width;
            }
        }

        return rows;
    }

    private void PrepareBlocks(IEnumerable<int> drugs)
    {
        var distinct = drugs.Distinct().ToList();
        foreach (var block in blocks)
        {
            block.Prepare?.Invoke(distinct);
        }
    }

    private double[][] Inputs(IReadOnlyList<(int Drug, int Cell)> pairs) => pairs.Select(pair =>
    {
        var row = new double[blocks.Sum(b => b.Width)];
        var at = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var values = blocks[b].Row(pair.Drug, pair.Cell);
            var (mean, scale) = _scaling[b];
            for (var j = 0; j < values.Length; j++)
            {
                row[at + j] = (values[j] - mean[j]) * scale[j];
            }

            at += blocks[b].Width;
        }

        return row;
    }).ToArray();

    // Centring and scale of one block over the training pairs' distinct (drug, cell) inputs.
    private static (double[] Mean, double[] Scale) Scaling(FeatureBlock block, IReadOnlyList<PairSample> train)
    {
        var rows = train.Select(s => block.Row(s.Drug, s.Cell)).ToList();
        var mean = new double[block.Width];
        var variance = new double[block.Width];
        foreach (var row in rows)
        {
            TensorPrimitives.Add(mean, row, mean);
        }

        TensorPrimitives.Divide(mean, Math.Max(1, rows.Count), mean);
        foreach (var row in rows)
        {
            for (var j = 0; j < row.Length; j++)
            {
                variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / Math.Max(1, rows.Count);
            }
        }

        var scale = block.Standardize
            ? variance.Select(v => v > 1e-12 ? 1 / Math.Sqrt(v) : 0).ToArray()
            : Enumerable.Repeat(1.0, block.Width).ToArray();
        var total = variance.Select((v, j) => v * scale[j] * scale[j]).Sum();
        var blockScale = total > 1e-12 ? 1 / Math.Sqrt(total) : 0;
        return (mean, scale.Select(s => s * blockScale).ToArray());
    }
}
