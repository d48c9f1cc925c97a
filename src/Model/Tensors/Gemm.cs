using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PerturbKG.Model.Tensors;

/// <summary>
/// Single-precision matrix multiply, C (+)= op(A) · op(B), row-major. Panels of A and B are packed so a 6 × 16
/// register-blocked FMA micro-kernel (AVX2: twelve 8-wide accumulators) streams them from cache; row blocks of C are
/// spread over the cores. Machines without FMA use a dot-product fallback.
/// </summary>
public static unsafe class Gemm
{
    private const int MR = 6;
    private const int NR = 16;
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 2048;

    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="accumulate">Add into C instead of overwriting it.</param>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (!Fma.IsSupported)
            {
                Fallback(pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, m, n, k, accumulate);
                return;
            }

            if (Parallelism.Workers > 1 && (long)m * n * 4 < (long)k * Math.Min(m, n) && k >= 2 * KC)
            {
                SplitDepth(pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, m, n, k, accumulate);
                return;
            }

            // Each core takes a contiguous band of rows and runs the whole blocked loop on it: no synchronisation
            // between panels (which cost half the speed when cores met at every panel).
            var bands = Math.Min(Parallelism.Workers, Math.Max(1, (int)Math.Min(m / MR, (long)m * n * k / (1L << 21))));
            var (ra, rb, rc) = ((nint)pa, (nint)pb, (nint)pc);
            var rowsPerBand = (((m + bands - 1) / bands) + MR - 1) / MR * MR;
            Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = bands }, band =>
            {
                var first = band * rowsPerBand;
                var rows = Math.Min(rowsPerBand, m - first);
                if (rows <= 0)
                {
                    return;
                }

                var aBand = (float*)ra + (transposeA ? first : (long)first * lda);
                Blocked(aBand, lda, transposeA, (float*)rb, ldb, transposeB, (float*)rc + ((long)first * ldc), ldc, rows, n, k, accumulate);
            });
        }
    }

    // A small C with a long k (weight gradients: hidden × hidden over every node): row bands would each pack all of
    // the long B, so each core takes a slice of k instead, into its own copy of C, and the copies are added.
    private static void SplitDepth(float* a, int lda, bool ta, float* b, int ldb, bool tb, float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        var workers = Parallelism.Workers;
        var slice = ((k / workers) + KC - 1) / KC * KC;
        var partials = new float[workers][];
        var (ra, rb, rc) = ((nint)a, (nint)b, (nint)c);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var k0 = w * slice;
            var depth = Math.Min(slice, k - k0);
            if (depth <= 0)
            {
                return;
            }

            var aSlice = (float*)ra + (ta ? (long)k0 * lda : k0);
            var bSlice = (float*)rb + (tb ? k0 : (long)k0 * ldb);
            if (w == 0)
            {
                Blocked(aSlice, lda, ta, bSlice, ldb, tb, (float*)rc, ldc, m, n, depth, accumulate);
                return;
            }

            var own = partials[w] = new float[m * n];
            fixed (float* po = own)
            {
                Blocked(aSlice, lda, ta, bSlice, ldb, tb, po, n, m, n, depth, false);
            }
        });

        foreach (var own in partials.Skip(1).OfType<float[]>())
        {
            for (var i = 0; i < m; i++)
            {
                var row = new Span<float>(c + ((long)i * ldc), n);
                TensorPrimitives.Add(row, own.AsSpan(i * n, n), row);
            }
        }
    }

    private static void Blocked(float* a, int lda, bool ta, float* b, int ldb, bool tb, float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        var packedB = new float[((Math.Min(NC, n) + NR - 1) / NR) * NR * Math.Min(KC, k)];
        var packedA = new float[MC * Math.Min(KC, k)];
        fixed (float* bp = packedB)
        fixed (float* ap = packedA)
        {
            for (var jc = 0; jc < n; jc += NC)
            {
                var nc = Math.Min(NC, n - jc);
                for (var kc0 = 0; kc0 < k; kc0 += KC)
                {
                    var kc = Math.Min(KC, k - kc0);
                    PackB(b, ldb, tb, kc0, kc, jc, nc, bp);
                    var add = accumulate || kc0 > 0;
                    for (var ic = 0; ic < m; ic += MC)
                    {
                        var mc = Math.Min(MC, m - ic);
                        PackA(a, lda, ta, ic, mc, kc0, kc, ap);
                        for (var jr = 0; jr < nc; jr += NR)
                        {
                            var nr = Math.Min(NR, nc - jr);
                            for (var ir = 0; ir < mc; ir += MR)
                            {
                                var mr = Math.Min(MR, mc - ir);
                                Kernel(kc, ap + (ir * kc), bp + (jr * kc), c + ((ic + ir) * ldc) + jc + jr, ldc, mr, nr, add);
                            }
                        }
                    }
                }
            }
        }
    }

    // Packs rows [ic, ic+mc) × columns [k0, k0+kc) of op(A) as MR-row slivers: sliver s holds, for each k, MR values.
    private static void PackA(float* a, int lda, bool ta, int ic, int mc, int k0, int kc, float* dst)
    {
        for (var s = 0; s < mc; s += MR)
        {
            var rows = Math.Min(MR, mc - s);
            var sliver = dst + (s * kc);
            if (ta && rows == MR)
            {
                // op(A) = Aᵀ: a sliver's six values for one k are contiguous in A.
                for (var kk = 0; kk < kc; kk++)
                {
                    var from = a + ((long)(k0 + kk) * lda) + ic + s;
                    var to = sliver + (kk * MR);
                    Vector128.Store(Vector128.Load(from), to);
                    to[4] = from[4];
                    to[5] = from[5];
                }

                continue;
            }

            for (var kk = 0; kk < kc; kk++)
            {
                var col = k0 + kk;
                for (var r = 0; r < MR; r++)
                {
                    var row = ic + s + r;
                    sliver[(kk * MR) + r] = r < rows ? (ta ? a[(col * lda) + row] : a[(row * lda) + col]) : 0f;
                }
            }
        }
    }

    // Packs rows [k0, k0+kc) × columns [jc, jc+nc) of op(B) as NR-column slivers: sliver s holds, for each k, NR values.
    private static void PackB(float* b, int ldb, bool tb, int k0, int kc, int jc, int nc, float* dst)
    {
        for (var s = 0; s < nc; s += NR)
        {
            var cols = Math.Min(NR, nc - s);
            var sliver = dst + (s * kc);
            for (var kk = 0; kk < kc; kk++)
            {
                var row = k0 + kk;
                var target = sliver + (kk * NR);
                if (!tb && cols == NR)
                {
                    Buffer.MemoryCopy(b + (row * ldb) + jc + s, target, NR * sizeof(float), NR * sizeof(float));
                    continue;
                }

                for (var j = 0; j < NR; j++)
                {
                    var col = jc + s + j;
                    target[j] = j < cols ? (tb ? b[(col * ldb) + row] : b[(row * ldb) + col]) : 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int kc, float* a, float* b, float* c, int ldc, int mr, int nr, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var kk = 0; kk < kc; kk++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a += MR;
            b += NR;
        }

        if (mr == MR && nr == NR)
        {
            Store(c, c00, c01, add);
            Store(c + ldc, c10, c11, add);
            Store(c + (2 * ldc), c20, c21, add);
            Store(c + (3 * ldc), c30, c31, add);
            Store(c + (4 * ldc), c40, c41, add);
            Store(c + (5 * ldc), c50, c51, add);
            return;
        }

        var tile = stackalloc float[MR * NR];
        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
        c40.Store(tile + 64);
        c41.Store(tile + 72);
        c50.Store(tile + 80);
        c51.Store(tile + 88);
        for (var r = 0; r < mr; r++)
        {
            for (var j = 0; j < nr; j++)
            {
                c[(r * ldc) + j] = add ? c[(r * ldc) + j] + tile[(r * NR) + j] : tile[(r * NR) + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> lo, Vector256<float> hi, bool add)
    {
        if (add)
        {
            lo = Avx.Add(lo, Avx.LoadVector256(c));
            hi = Avx.Add(hi, Avx.LoadVector256(c + 8));
        }

        Avx.Store(c, lo);
        Avx.Store(c + 8, hi);
    }

    private static void Fallback(float* a, int lda, bool ta, float* b, int ldb, bool tb, float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        // op(B) transposed once so each output is a contiguous dot product.
        var bt = new float[n * k];
        for (var kk = 0; kk < k; kk++)
        {
            for (var j = 0; j < n; j++)
            {
                bt[(j * k) + kk] = tb ? b[(j * ldb) + kk] : b[(kk * ldb) + j];
            }
        }

        var (pa, pc) = ((nint)a, (nint)c);
        Parallelism.For(m, 8, (first, last) =>
        {
            var row = new float[k];
            for (var i = first; i < last; i++)
            {
                for (var kk = 0; kk < k; kk++)
                {
                    row[kk] = ta ? ((float*)pa)[(kk * lda) + i] : ((float*)pa)[(i * lda) + kk];
                }

                for (var j = 0; j < n; j++)
                {
                    var dot = TensorPrimitives.Dot(row, bt.AsSpan(j * k, k));
                    var cell = (float*)pc + (i * ldc) + j;
                    *cell = accumulate ? *cell + dot : dot;
                }
            }
        });
    }
}
