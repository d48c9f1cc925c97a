using PureHDF;

namespace PerturbKG.Ingest.AnnData;

/// <summary>A dataframe column to write: string[] (string-array), double[]/float[]/long[]/int[] (array), bool[] (array), or categorical.</summary>
public sealed record H5adColumn(string Name, object Values, bool Categorical = false);

/// <summary>An obs or var dataframe to write.</summary>
public sealed record H5adFrame(string IndexName, string[] Index, IReadOnlyList<H5adColumn> Columns);

/// <summary>How the matrices are stored: dense arrays, or CSR / CSC sparse groups.</summary>
public enum H5adStorage
{
    Dense,
    Csr,
    Csc,
}

/// <summary>
/// Writes an AnnData <c>.h5ad</c> per the on-disk specification (anndata ≥ 0.8: encoding-type/encoding-version on every
/// element, dataframes with _index and column-order, categoricals as codes + categories, sparse matrices as data,
/// indices, indptr + shape), through PureHDF. anndata 0.8 reads what it writes (checked with Debian's python3-anndata).
/// </summary>
public static class H5adWriter
{
    /// <param name="matrix">obs × var, row-major.</param>
    public static void Write(string path, H5adFrame obs, H5adFrame var, float[] matrix, H5adStorage storage = H5adStorage.Dense,
        IReadOnlyDictionary<string, float[]>? layers = null)
    {
        var (rows, columns) = (obs.Index.Length, var.Index.Length);
        if (matrix.Length != rows * columns)
        {
            throw new ArgumentException($"The matrix has {matrix.Length} values; obs × var is {rows} × {columns}.", nameof(matrix));
        }

        var layerGroup = Element(new H5Group(), "dict", "0.1.0");
        foreach (var (name, values) in layers ?? new Dictionary<string, float[]>())
        {
            layerGroup[name] = Matrix(values, rows, columns, storage);
        }

        var file = new H5File
        {
            ["obs"] = Frame(obs),
            ["var"] = Frame(var),
            ["X"] = Matrix(matrix, rows, columns, storage),
            ["layers"] = layerGroup,
            ["uns"] = Element(new H5Group(), "dict", "0.1.0"),
            ["obsm"] = Element(new H5Group(), "dict", "0.1.0"),
            ["varm"] = Element(new H5Group(), "dict", "0.1.0"),
            ["obsp"] = Element(new H5Group(), "dict", "0.1.0"),
            ["varp"] = Element(new H5Group(), "dict", "0.1.0"),
        };
        file.Attributes["encoding-type"] = "anndata";
        file.Attributes["encoding-version"] = "0.1.0";
        file.Write(path);
    }

    // h5py reads an 8-bit enum with exactly these members as a numpy bool (pandas and anndata insist on real booleans).
    private enum H5Bool : byte
    {
        FALSE = 0,
        TRUE = 1,
    }

    private static H5Group Frame(H5adFrame frame)
    {
        var group = Element(new H5Group(), "dataframe", "0.2.0");
        group.Attributes["_index"] = frame.IndexName;
        group.Attributes["column-order"] = frame.Columns.Count == 0 ? Array.Empty<double>() : frame.Columns.Select(c => c.Name).ToArray();
        group[frame.IndexName] = Element(new H5Dataset(frame.Index), "string-array", "0.2.0");
        foreach (var column in frame.Columns)
        {
            if (column.Categorical)
            {
                var values = (string[])column.Values;
                var categories = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                var codes = values.Select(v => (sbyte)Array.IndexOf(categories, v)).ToArray();
                if (categories.Length > sbyte.MaxValue)
                {
                    throw new ArgumentException($"Column {column.Name} has more than {sbyte.MaxValue} categories.", nameof(frame));
                }

                var categorical = Element(new H5Group(), "categorical", "0.2.0");
                categorical.Attributes["ordered"] = H5Bool.FALSE;
                categorical["codes"] = Element(new H5Dataset(codes), "array", "0.2.0");
                categorical["categories"] = Element(new H5Dataset(categories), "string-array", "0.2.0");
                group[column.Name] = categorical;

                continue;
            }

            var data = column.Values is bool[] flags ? flags.Select(f => f ? H5Bool.TRUE : H5Bool.FALSE).ToArray() : column.Values;
            group[column.Name] = Element(new H5Dataset(data), column.Values is string[] ? "string-array" : "array", "0.2.0");
        }

        return group;
    }

    private static H5Object Matrix(float[] values, int rows, int columns, H5adStorage storage)
    {
        if (storage == H5adStorage.Dense)
        {
            return Element(new H5Dataset(values, fileDims: [(ulong)rows, (ulong)columns]), "array", "0.2.0");
        }

        var byColumn = storage == H5adStorage.Csc;
        var (major, minor) = byColumn ? (columns, rows) : (rows, columns);
        var data = new List<float>();
        var indices = new List<int>();
        var indptr = new long[major + 1];
        for (var m = 0; m < major; m++)
        {
            for (var n = 0; n < minor; n++)
            {
                var v = byColumn ? values[(n * columns) + m] : values[(m * columns) + n];
                if (v != 0)
                {
                    data.Add(v);
                    indices.Add(n);
                }
            }

            indptr[m + 1] = data.Count;
        }

        var group = new H5Group
        {
            ["data"] = new H5Dataset(data.ToArray()),
            ["indices"] = new H5Dataset(indices.ToArray()),
            ["indptr"] = new H5Dataset(indptr),
        };
        Element(group, byColumn ? "csc_matrix" : "csr_matrix", "0.1.0");
        group.Attributes["shape"] = new long[] { rows, columns };

        return group;
    }

    private static T Element<T>(T item, string type, string version)
        where T : H5Object
    {
        item.Attributes["encoding-type"] = type;
        item.Attributes["encoding-version"] = version;
        return item;
    }
}
