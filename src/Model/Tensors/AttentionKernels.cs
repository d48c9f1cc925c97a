using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PerturbKG.Model.Tensors;

/// <summary>
/// The per-edge inner loops of attention aggregation, written with 8-wide vectors for head widths that are multiples
/// of 8 (every configuration the GAT uses); short-span library calls cost more than the arithmetic here.
/// </summary>
internal static unsafe class AttentionKernels
{
    public static bool Supports(int width) => Vector256.IsHardwareAccelerated && width % 8 == 0;

    // How many edges ahead to prefetch the row an edge will read at random: the loops are bound by memory latency.
    private const int Ahead = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* row, int cols)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            for (var c = 0; c < cols; c += 16)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(row + c);
            }
        }
    }

    /// <summary>Which rows hold anything but zeros: propagated signals are sparse, and skipping their zero rows is free speed.</summary>
    public static bool[] ActiveRows(float[] data, int rows, int cols)
    {
        var active = new bool[rows];
        Parallelism.For(rows, 1024, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                active[r] = data.AsSpan(r * cols, cols).IndexOfAnyExcept(0f) >= 0;
            }
        });
        return active;
    }

    /// <summary>out[t] += Σ_{e → t} α[e, k] · (h[src] ⊙ gate[rel]) per head block k.</summary>
    public static void Forward(float* h, float* alpha, float* gate, float* output, EdgeIndex edges, int cols, int heads, int start, int end, bool[] activeSources, bool[]? onlyTargets)
    {
        var width = cols / heads;
        for (var node = start; node < end; node++)
        {
            if (onlyTargets is not null && !onlyTargets[node])
            {
                continue;
            }

            var target = output + ((long)node * cols);
            for (var p = edges.ByTarget.Start[node]; p < edges.ByTarget.Start[node + 1]; p++)
            {
                var edge = edges.ByTarget.Items[p];
                if (p + Ahead < edges.ByTarget.Start[node + 1])
                {
                    Prefetch(h + ((long)edges.Source[edges.ByTarget.Items[p + Ahead]] * cols), cols);
                }

                if (!activeSources[edges.Source[edge]])
                {
                    continue;
                }

                var source = h + ((long)edges.Source[edge] * cols);
                var g = gate is null ? null : gate + ((long)edges.Relation[edge] * cols);
                for (var k = 0; k < heads; k++)
                {
                    var a = Vector256.Create(alpha[((long)edge * heads) + k]);
                    for (var c = k * width; c < (k + 1) * width; c += 8)
                    {
                        var m = Vector256.Load(source + c);
                        if (g is not null)
                        {
                            m *= Vector256.Load(g + c);
                        }

                        Vector256.Store(Vector256.Load(target + c) + (a * m), target + c);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The whole backward pass in one walk over each source node's outgoing edges (so h[s] and dh[s] stay in cache and
    /// only dout[t] is read at random): dh[s] += Σ_{e from s} α[e, k] · (dout[t] ⊙ gate[rel]);
    /// dα[e, k] = ⟨h[s] ⊙ gate[rel], dout[t]⟩ over head k; the gate's gradient Σ α · h[s] ⊙ dout[t] into a local buffer.
    /// Each edge has one source, so workers over disjoint node ranges never write the same dα or dh.
    /// </summary>
    public static void Backward(float* h, float* gradH, float* alpha, float* gradAlpha, float* gate, float* gradGateLocal, float* gradOut,
        EdgeIndex edges, int cols, int heads, int start, int end, bool sourceActive, bool[] activeTargets, bool[] activeSources)
    {
        var width = cols / heads;
        var (targets, relations, last) = (edges.TargetBySource, edges.RelationBySource, edges.BySource.Start[end]);
        for (var node = start; node < end; node++)
        {
            var source = h + ((long)node * cols);
            var into = gradH is null ? null : gradH + ((long)node * cols);
            var hasSignal = !sourceActive || activeSources[node];
            for (var p = edges.BySource.Start[node]; p < edges.BySource.Start[node + 1]; p++)
            {
                var edge = edges.BySource.Items[p];
                if (p + Ahead < last)
                {
                    Prefetch(gradOut + ((long)targets[p + Ahead] * cols), cols);
                    var ahead = (long)edges.BySource.Items[p + Ahead] * heads;
                    Prefetch(alpha + ahead, 1);
                    if (gradAlpha is not null)
                    {
                        Prefetch(gradAlpha + ahead, 1);
                    }
                }

                var targetNode = targets[p];
                if (!activeTargets[targetNode])
                {
                    continue;
                }

                var upstream = gradOut + ((long)targetNode * cols);
                var g = gate is null ? null : gate + ((long)relations[p] * cols);
                var local = gradGateLocal is null || !hasSignal ? null : gradGateLocal + ((long)relations[p] * cols);
                var needDot = gradAlpha is not null && hasSignal;
                for (var k = 0; k < heads; k++)
                {
                    var a = Vector256.Create(alpha[((long)edge * heads) + k]);
                    var dot = Vector256<float>.Zero;
                    for (var c = k * width; c < (k + 1) * width; c += 8)
                    {
                        var u = Vector256.Load(upstream + c);
                        var gu = g is null ? u : u * Vector256.Load(g + c);
                        if (into is not null)
                        {
                            Vector256.Store(Vector256.Load(into + c) + (a * gu), into + c);
                        }

                        if (needDot || local is not null)
                        {
                            var x = Vector256.Load(source + c);
                            dot += x * gu;
                            if (local is not null)
                            {
                                Vector256.Store(Vector256.Load(local + c) + (a * x * u), local + c);
                            }
                        }
                    }

                    if (needDot)
                    {
                        gradAlpha[((long)edge * heads) + k] += Vector256.Sum(dot);
                    }
                }
            }
        }
    }
}
