using PerturbKG.Ingest.Text;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.Hdf5;

/// <summary>
/// Reads rectangular blocks of a 2-D numeric dataset as float32, row-major. The chunk cache is sized to hold every chunk
/// a block touches: PureHDF walks a selection row by row, and with its default 1 MB cache each chunk is inflated again
/// for every row (67 s instead of 0.3 s per block of a LINCS-like GCTX). Types are read as stored and converted here
/// (PureHDF does not convert float64 to float32).
/// </summary>
internal sealed class Hdf5BlockReader
{
    private readonly NativeDataset _dataset;
    private readonly string _file;
    private readonly string _path;
    private readonly ulong[] _chunks;
    private SimpleReadingChunkCache? _cache;
    private Array _stored = Array.Empty<float>();

    public Hdf5BlockReader(NativeDataset dataset, string file, string path)
    {
        Hdf5Data.RequireNumbers(dataset, file, path);
        _dataset = dataset;
        _file = file;
        _path = path;
        _chunks = dataset.Layout.Class == H5DataLayoutClass.Chunked && dataset.Layout.Chunks.Length >= 2 ? dataset.Layout.Chunks : [];
    }

    /// <summary>The chunk height (rows per chunk), or 0 when the dataset is not chunked.</summary>
    public int ChunkRows => _chunks.Length >= 2 ? (int)_chunks[0] : 0;

    /// <summary>Rows [row, row + rows) × columns [column, column + columns) into destination[r * columns + c].</summary>
    public void Read(long row, int rows, long column, int columns, Span<float> destination)
    {
        var length = rows * columns;
        var selection = new HyperslabSelection(2, [(ulong)row, (ulong)column], [(ulong)rows, (ulong)columns]);
        ulong[] dims = [(ulong)rows, (ulong)columns];
        var access = Access(row, rows, column, columns);
        try
        {
            switch (_dataset.Type.Class, _dataset.Type.Size)
            {
                case (H5DataTypeClass.FloatingPoint, 4):
                    _dataset.Read(access, destination[..length], selection, memoryDims: dims);
                    break;
                case (H5DataTypeClass.FloatingPoint, 8):
                    Convert<double>(access, selection, dims, length, destination, v => (float)v);
                    break;
                case (H5DataTypeClass.FixedPoint, 8):
                    Convert<long>(access, selection, dims, length, destination, v => v);
                    break;
                case (H5DataTypeClass.FixedPoint, 4):
                    Convert<int>(access, selection, dims, length, destination, v => v);
                    break;
                default:
                    Convert<short>(access, selection, dims, length, destination, v => v);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InvalidInputException and not OperationCanceledException)
        {
            throw Hdf5Data.Fail(_file, _path, $"cannot be read (rows {row}–{row + rows - 1}): {e.Message}");
        }
    }

    private void Convert<T>(H5DatasetAccess access, HyperslabSelection selection, ulong[] dims, int length, Span<float> destination, Func<T, float> narrow)
        where T : unmanaged
    {
        if (_stored is not T[] stored || stored.Length < length)
        {
            _stored = stored = new T[length];
        }

        _dataset.Read(access, stored.AsSpan(0, length), selection, memoryDims: dims);
        for (var i = 0; i < length; i++)
        {
            destination[i] = narrow(stored[i]);
        }
    }

    private H5DatasetAccess Access(long row, int rows, long column, int columns)
    {
        if (_chunks.Length < 2)
        {
            return default;
        }

        var (height, width) = ((long)_chunks[0], (long)_chunks[1]);
        var chunks = ((((row % height) + rows + height - 1) / height) * (((column % width) + columns + width - 1) / width));
        var bytes = (ulong)chunks * (ulong)height * (ulong)width * (ulong)_dataset.Type.Size;
        if (_cache is null || _cache.ByteCount < bytes)
        {
            _cache = new SimpleReadingChunkCache((int)Math.Max(521, chunks + 1), bytes + (1UL << 20));
        }

        return new H5DatasetAccess(ChunkCache: _cache);
    }
}
