using System.Numerics.Tensors;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// Multi-output ridge regression with its penalty chosen on a validation set. Inputs are centred on the training mean
/// (the targets are residuals around training means, so there is no intercept). It solves the smaller of the two
/// equivalent systems: the dual (n × n kernel, when samples ≤ features) or the primal (p × p). A penalty is given
/// relative to the mean squared norm of a centred training row, so one grid suits every input width.
/// </summary>
public sealed class RidgeRegression
{
    /// <summary>The default grid of relative penalties.</summary>
    public static readonly IReadOnlyList<double> DefaultPenalties = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];

    private readonly double[] _mean;
    private readonly double[][]? _centredTraining; // dual only
    private readonly double[][] _coefficients;     // dual: n × q (α); primal: p × q (W)

    private RidgeRegression(double[] mean, double[][]? centredTraining, double[][] coefficients, double penalty, IReadOnlyList<(double Penalty, double Loss)> path)
    {
        _mean = mean;
        _centredTraining = centredTraining;
        _coefficients = coefficients;
        Penalty = penalty;
        ValidationPath = path;
    }

    /// <summary>The relative penalty chosen.</summary>
    public double Penalty { get; }

    /// <summary>Validation mean squared error for each penalty tried.</summary>
    public IReadOnlyList<(double Penalty, double Loss)> ValidationPath { get; }

    public static RidgeRegression Fit(double[][] x, double[][] y, double[][] xValidation, double[][] yValidation,
        IReadOnlyList<double>? penalties = null, CancellationToken ct = default)
    {
        if (x.Length == 0 || x.Length != y.Length)
        {
            throw new ArgumentException("Ridge regression needs as many target rows as input rows, and at least one.");
        }

        penalties ??= DefaultPenalties;
        var (n, p) = (x.Length, x[0].Length);
        var mean = new double[p];
        foreach (var row in x)
        {
            TensorPrimitives.Add(mean, row, mean);
        }

        TensorPrimitives.Divide(mean, n, mean);
        var centred = x.Select(r => Centre(r, mean)).ToArray();
        var validation = xValidation.Select(r => Centre(r, mean)).ToArray();
        var dual = n <= p;
        var gram = dual ? Products(centred, centred) : TransposedTimes(centred, centred);
        var rhs = dual ? y : TransposedTimes(centred, y);
        var probes = dual ? Transpose(Products(validation, centred)) : Transpose(validation); // m × validation rows
        var scale = centred.Sum(r => TensorPrimitives.Dot(r, r)) / n;
        if (scale <= 0)
        {
            scale = 1; // constant inputs: any penalty gives the zero model
        }

        var path = new List<(double, double)>();
        var best = (Penalty: penalties[0], Loss: double.PositiveInfinity);
        foreach (var penalty in penalties)
        {
            ct.ThrowIfCancellationRequested();
            var factor = Cholesky(gram, penalty * scale);
            double loss;
            if (validation.Length == 0)
            {
                loss = double.NaN;
            }
            else
            {
                var solved = Solve(factor, probes);                 // m × v
                var predicted = TransposedTimes(solved, rhs);        // v × q
                loss = StandardizedResiduals.MeanSquaredError(predicted, yValidation);
            }

            path.Add((penalty, loss));
            if (loss < best.Loss || (double.IsNaN(loss) && penalty == 1))
            {
                best = (penalty, double.IsNaN(loss) ? double.PositiveInfinity : loss);
            }
        }

        var coefficients = Solve(Cholesky(gram, best.Penalty * scale), rhs);
        return new RidgeRegression(mean, dual ? centred : null, coefficients, best.Penalty, path);
    }

    /// <summary>
    /// The fitted map in primal form, whichever system was solved: prediction = (x − <c>Mean</c>) · <c>Weights</c>
    /// (p × q), so the model can be carried as two tensors (the GAT's prior is).
    /// </summary>
    public (double[] Mean, double[][] Weights) LinearMap() =>
        (_mean, _centredTraining is null ? _coefficients : TransposedTimes(_centredTraining, _coefficients));

    public double[][] Predict(IReadOnlyList<double[]> x)
    {
        var q = _coefficients[0].Length;
        return x.Select(row =>
        {
            var centred = Centre(row, _mean);
            var weights = _centredTraining is null ? centred : _centredTraining.Select(t => TensorPrimitives.Dot(t, centred)).ToArray();
            var output = new double[q];
            for (var k = 0; k < weights.Length; k++)
            {
                if (weights[k] != 0)
                {
                    TensorPrimitives.MultiplyAdd(_coefficients[k], weights[k], output, output);
                }
            }

            return output;
        }).ToArray();
    }

    private static double[] Centre(double[] row, double[] mean)
    {
        var centred = new double[row.Length];
        TensorPrimitives.Subtract(row, mean, centred);
        return centred;
    }

    // a · bᵀ (rows of a against rows of b).
    private static double[][] Products(double[][] a, double[][] b)
    {
        var result = new double[a.Length][];
        Parallel.For(0, a.Length, i => result[i] = b.Select(r => TensorPrimitives.Dot(a[i], r)).ToArray());
        return result;
    }

    // aᵀ · b for row-major a (n × p) and b (n × q): p × q.
    private static double[][] TransposedTimes(double[][] a, double[][] b)
    {
        var (p, q) = (a[0].Length, b[0].Length);
        var result = new double[p][];
        Parallel.For(0, p, j =>
        {
            var row = new double[q];
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i][j] != 0)
                {
                    TensorPrimitives.MultiplyAdd(b[i], a[i][j], row, row);
                }
            }

            result[j] = row;
        });
        return result;
    }

    private static double[][] Transpose(double[][] a)
    {
        if (a.Length == 0)
        {
            return [];
        }

        var result = new double[a[0].Length][];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = a.Select(r => r[j]).ToArray();
        }

        return result;
    }

    // Lower Cholesky factor of (a + λI), row by row (each entry is one dot product of two row prefixes).
    private static double[][] Cholesky(double[][] a, double penalty)
    {
        var m = a.Length;
        var l = new double[m][];
        for (var i = 0; i < m; i++)
        {
            l[i] = new double[m];
            for (var j = 0; j <= i; j++)
            {
                var s = TensorPrimitives.Dot(l[i].AsSpan(0, j), l[j].AsSpan(0, j));
                if (i == j)
                {
                    l[i][i] = Math.Sqrt(Math.Max(a[i][i] + penalty - s, 1e-12));
                }
                else
                {
                    l[i][j] = (a[i][j] - s) / l[j][j];
                }
            }
        }

        return l;
    }

    // Solves L Lᵀ X = B for X (m × r), with the right-hand sides as rows of B.
    private static double[][] Solve(double[][] l, double[][] b)
    {
        if (b.Length == 0)
        {
            return [];
        }

        var m = l.Length;
        var z = b.Select(r => (double[])r.Clone()).ToArray();
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < i; k++)
            {
                if (l[i][k] != 0)
                {
                    TensorPrimitives.MultiplyAdd(z[k], -l[i][k], z[i], z[i]);
                }
            }

            TensorPrimitives.Divide(z[i], l[i][i], z[i]);
        }

        for (var i = m - 1; i >= 0; i--)
        {
            for (var k = i + 1; k < m; k++)
            {
                if (l[k][i] != 0)
                {
                    TensorPrimitives.MultiplyAdd(z[k], -l[k][i], z[i], z[i]);
                }
            }

            TensorPrimitives.Divide(z[i], l[i][i], z[i]);
        }

        return z;
    }
}
