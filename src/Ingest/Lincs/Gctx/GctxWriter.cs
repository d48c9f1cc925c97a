using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// Writes a GCTX file in cmapR's layout through PureHDF: the matrix stored columns × rows (signatures × genes),
/// chunked, optionally deflated as cmapPy does; string metadata; a "version" attribute. Used by tests and benchmarks.
/// </summary>
public static class GctxWriter
{
    /// <param name="values">The matrix as GCT sees it, rows (genes) × columns (signatures): values[row, column].</param>
    public static void Write(string path, float[,] values, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, int chunkColumns = 256)
    {
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        Write(path, rows, columns, (first, block) =>
        {
            for (var c = 0; c < block.Length / rows; c++)
            {
                for (var r = 0; r < rows; r++)
                {
                    block[(c * rows) + r] = values[r, first + c];
                }
            }
        }, rowMeta, columnMeta, (chunkColumns, rows));
    }

    /// <summary>
    /// Writes a matrix of <paramref name="rows"/> genes × <paramref name="columns"/> signatures a chunk row of signatures
    /// at a time: <paramref name="fill"/>(first, block) fills block[c * rows + r] for signatures first, first + 1, ….
    /// </summary>
    public static void Write(string path, int rows, int columns, Action<int, float[]> fill, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, (int Columns, int Rows) chunk, bool deflate = false)
    {
        var chunkColumns = Math.Max(1, Math.Min(chunk.Columns, columns));
        var chunkRows = Math.Max(1, Math.Min(chunk.Rows, rows));
        var matrix = new H5Dataset<float[]>(
            fileDims: [(ulong)columns, (ulong)rows],
            chunks: [(uint)chunkColumns, (uint)chunkRows],
            datasetCreation: deflate ? new H5DatasetCreation(Filters: [DeflateFilter.Id]) : default);
        var file = new H5File
        {
            Attributes = new() { ["version"] = "GCTX1.0" },
            ["0"] = new H5Group
            {
                ["DATA"] = new H5Group { ["0"] = new H5Group { ["matrix"] = matrix } },
                ["META"] = new H5Group
                {
                    ["ROW"] = Metadata(rowMeta),
                    ["COL"] = Metadata(columnMeta),
                },
            },
        };

        using var writer = file.BeginWrite(path);
        var block = new float[chunkColumns * rows];
        for (var first = 0; first < columns; first += chunkColumns)
        {
            var count = Math.Min(chunkColumns, columns - first);
            var data = count == chunkColumns ? block : new float[count * rows];
            fill(first, data);
            writer.Write(matrix, data, fileSelection: new HyperslabSelection(2, [(ulong)first, 0], [(ulong)count, (ulong)rows]));
        }
    }

    private static H5Group Metadata(IReadOnlyDictionary<string, string[]> fields)
    {
        var group = new H5Group();
        foreach (var (name, values) in fields)
        {
            group[name] = values;
        }

        return group;
    }
}
