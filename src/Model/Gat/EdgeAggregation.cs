using PerturbKG.Model.Torch;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace PerturbKG.Model.Gat;

/// <summary>
/// The gated, attention-weighted sum over each node's incoming edges, as one CPU autograd function:
/// out[i, c] = Σ_{e = j → i} α[e, head(c)] · g[relation(e), c] · z[j, c].
/// Gathering gated source rows per edge and index_add-ing them back (what a GPU does) makes and keeps edges × hidden
/// tensors, gigabytes at a million edges; this reads the tensors in place and makes only the nodes × hidden result
/// (and, backward, gradients the size of its inputs). Parallel over targets forward; backward over sources for z and
/// over edges for α and the gates (per-worker partial sums for the gates), so no two threads write one value.
/// </summary>
public sealed unsafe class EdgeAggregation : autograd.SingleTensorFunction<EdgeAggregation>
{
    public override string Name => nameof(EdgeAggregation);

    /// <param name="z">nodes × hidden, float32 on the CPU.</param>
    /// <param name="gate">relations × hidden.</param>
    /// <param name="alpha">edges × heads attention.</param>
    public static Tensor Apply(GraphEdges edges, Tensor z, Tensor gate, Tensor alpha) => apply(edges, z.contiguous(), gate.contiguous(), alpha.contiguous());

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (edges, z, gate, alpha) = ((GraphEdges)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
        if (z.device.type != DeviceType.CPU || z.dtype != float32 || gate.dtype != float32 || alpha.dtype != float32 || alpha.shape[0] != edges.Count)
        {
            throw new ArgumentException("EdgeAggregation takes float32 CPU tensors: z (nodes × hidden), gate (relations × hidden) and alpha (edges × heads).");
        }

        ctx.save_for_backward([z, gate, alpha]);
        ctx.save_data("edges", edges);
        var (hidden, heads) = ((int)z.shape[1], (int)alpha.shape[1]);
        var width = hidden / heads;
        var output = zeros(edges.Nodes, hidden);
        var (zp, gp, ap, op) = (Address(z), Address(gate), Address(alpha), Address(output));
        var index = edges.Index;
        Parallel.For(0, edges.Nodes, () => new float[hidden], (i, _, carried) =>
        {
            var zs = (float*)zp;
            var gs = (float*)gp;
            var a = (float*)ap;
            var into = new Span<float>((float*)op + ((long)i * hidden), hidden);
            for (var e = index.ByTarget.Start[i]; e < index.ByTarget.Start[i + 1]; e++)
            {
                // Edges are sorted by target: i's incoming edges are e = Start[i] .. Start[i + 1].
                AddWeighted(into, Row(gs, index.Relation[e], hidden), Row(zs, index.Source[e], hidden), a + ((long)e * heads), heads, carried);
            }

            return carried;
        }, _ => { });
        return output;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (z, gate, alpha) = (saved[0], saved[1], saved[2]);
        var edges = (GraphEdges)ctx.get_data("edges");
        var index = edges.Index;
        var (hidden, heads, relations) = ((int)z.shape[1], (int)alpha.shape[1], (int)gate.shape[0]);
        var width = hidden / heads;
        var gradOut = grad_output.to(float32).cpu().contiguous();
        var gradZ = zeros(z.shape[0], hidden);
        var gradGate = zeros(relations, hidden);
        var gradAlpha = zeros(edges.Count, heads);
        var (zp, gp, ap, dp, dzp, dgp, dap) = (Address(z), Address(gate), Address(alpha), Address(gradOut), Address(gradZ), Address(gradGate), Address(gradAlpha));

        // d z[j] = Σ over edges from j of α · g ⊙ d out[target]: one writer per source node.
        Parallel.For(0, edges.Nodes, () => new float[hidden], (j, _, carried) =>
        {
            var gs = (float*)gp;
            var a = (float*)ap;
            var d = (float*)dp;
            var into = new Span<float>((float*)dzp + ((long)j * hidden), hidden);
            for (var p = index.BySource.Start[j]; p < index.BySource.Start[j + 1]; p++)
            {
                var e = index.BySource.Items[p];
                AddWeighted(into, Row(gs, index.Relation[e], hidden), Row(d, index.Target[e], hidden), a + ((long)e * heads), heads, carried);
            }

            return carried;
        }, _ => { });

        // Per edge, z[source] ⊙ d out[target] gives d α (its dot with the gate, per head) and adds α times itself into
        // the edge's relation gate (per-worker partial sums, added up at the end).
        var partials = new List<float[]>();
        Parallel.For(0, edges.Count, () => (Carried: new float[hidden], Gate: new float[relations * hidden]), (e, _, local) =>
        {
            var zs = (float*)zp;
            var gs = (float*)gp;
            var a = (float*)ap;
            var d = (float*)dp;
            var da = (float*)dap;
            var relation = index.Relation[e];
            TensorPrimitives.Multiply(Row(zs, index.Source[e], hidden), Row(d, index.Target[e], hidden), local.Carried);
            var g = Row(gs, relation, hidden);
            var into = local.Gate.AsSpan(relation * hidden, hidden);
            for (var k = 0; k < heads; k++)
            {
                var slice = local.Carried.AsSpan(k * width, width);
                da[((long)e * heads) + k] = TensorPrimitives.Dot(slice, g.Slice(k * width, width));
                var part = into.Slice(k * width, width);
                TensorPrimitives.MultiplyAdd(slice, a[((long)e * heads) + k], part, part);
            }

            return local;
        }, local =>
        {
            lock (partials)
            {
                partials.Add(local.Gate);
            }
        });
        var total = new Span<float>((float*)dgp, relations * hidden);
        foreach (var partial in partials)
        {
            TensorPrimitives.Add(total, partial, total);
        }

        return [null!, gradZ, gradGate, gradAlpha];
    }

    private static ReadOnlySpan<float> Row(float* data, int row, int width) => new(data + ((long)row * width), width);

    // into += α[head] · (gate ⊙ other), head by head over contiguous channel blocks; scratch holds gate ⊙ other.
    private static void AddWeighted(Span<float> into, ReadOnlySpan<float> gate, ReadOnlySpan<float> other, float* alpha, int heads, float[] scratch)
    {
        TensorPrimitives.Multiply(gate, other, scratch);
        var width = into.Length / heads;
        for (var k = 0; k < heads; k++)
        {
            var part = into.Slice(k * width, width);
            TensorPrimitives.MultiplyAdd(scratch.AsSpan(k * width, width), alpha[k], part, part);
        }
    }

    // The tensor's storage, read and written in place (contiguous float32 on the CPU, checked in forward).
    private static nint Address(Tensor tensor) => (nint)TensorMemory.Pointer(tensor);
}
