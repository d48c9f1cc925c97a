namespace PerturbKG.Model.Tensors;

/// <summary>Splits a range into chunks run on all cores; small ranges run inline.</summary>
internal static class Parallelism
{
    public static readonly int Workers = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Runs body(start, end) over [0, count) in about 4 chunks per core, each at least minChunk long.</summary>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        var chunks = Math.Min(Workers * 4, Math.Max(1, count / Math.Max(1, minChunk)));
        if (chunks <= 1 || Workers == 1)
        {
            body(0, count);
            return;
        }

        var size = (count + chunks - 1) / chunks;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Workers }, c =>
        {
            var start = c * size;
            var end = Math.Min(count, start + size);
            if (start < end)
            {
                body(start, end);
            }
        });
    }
}
