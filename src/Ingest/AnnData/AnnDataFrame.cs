using PerturbKG.Ingest.Hdf5;
using PureHDF;

namespace PerturbKG.Ingest.AnnData;

/// <summary>One column of an AnnData dataframe, as text per row, with what kind of column it was stored as.</summary>
public sealed record AnnDataColumn(string Name, string Kind, string[] Values)
{
    /// <summary>Distinct values, most frequent first (for inspection).</summary>
    public IEnumerable<(string Value, int Count)> Top(int n) =>
        Values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(n).Select(g => (g.Key, g.Count()));
}

/// <summary>
/// An AnnData dataframe (<c>obs</c> or <c>var</c>) read per the on-disk specification: a group with <c>_index</c> and
/// <c>column-order</c> attributes, one member per column — a dataset (numbers, booleans, strings) or a group
/// (<c>categorical</c>: codes + categories; <c>nullable-integer</c>/<c>nullable-boolean</c>/<c>nullable-string-array</c>:
/// values + mask). Files from anndata before 0.8 are read too: categories under <c>__categories/NAME</c>.
/// </summary>
public sealed class AnnDataFrame
{
    private readonly Dictionary<string, AnnDataColumn> _columns;

    private AnnDataFrame(string[] index, string indexName, IReadOnlyList<AnnDataColumn> columns)
    {
        Index = index;
        IndexName = indexName;
        Columns = columns;
        _columns = columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    public string[] Index { get; }

    public string IndexName { get; }

    public IReadOnlyList<AnnDataColumn> Columns { get; }

    public int Count => Index.Length;

    /// <summary>The first of the named columns the frame has (names compared ignoring case), or null.</summary>
    public AnnDataColumn? Find(params string[] names) =>
        names.Select(n => _columns.GetValueOrDefault(n)).FirstOrDefault(c => c is not null);

    internal static AnnDataFrame Read(IH5Group root, string file, string path)
    {
        var group = Hdf5Data.Group(root, file, path);
        var encoding = Hdf5Data.AttributeText(group, "encoding-type", file, path);
        if (encoding is not null && encoding != "dataframe")
        {
            throw Hdf5Data.Fail(file, path, $"has encoding-type '{encoding}'; an AnnData {path.TrimStart('/')} is a 'dataframe'");
        }

        var indexName = Hdf5Data.AttributeText(group, "_index", file, path) ?? "_index";
        var order = Hdf5Data.AttributeStrings(group, "column-order", file, path) ?? [];
        var members = group.Children().Select(c => c.Name).Where(n => n != indexName && n != "__categories").ToList();
        var names = order.Where(members.Contains).Concat(members.Where(m => !order.Contains(m))).ToList();
        if (!group.LinkExists(indexName))
        {
            throw Hdf5Data.Fail(file, $"{path}/{indexName}", "is missing (the dataframe's index, named by its _index attribute)");
        }

        var index = ReadColumn(root, file, $"{path}/{indexName}", indexName).Values;
        var columns = new List<AnnDataColumn>();
        foreach (var name in names)
        {
            var column = ReadColumn(root, file, $"{path}/{name}", name);
            if (column.Values.Length != index.Length)
            {
                throw Hdf5Data.Fail(file, $"{path}/{name}", $"has {column.Values.Length} values for {index.Length} rows");
            }

            columns.Add(column);
        }

        return new AnnDataFrame(index, indexName, columns);
    }

    private static AnnDataColumn ReadColumn(IH5Group root, string file, string path, string name)
    {
        var item = Hdf5Data.Get(root, file, path);
        var encoding = Hdf5Data.AttributeText(item, "encoding-type", file, path);
        if (item is IH5Group group)
        {
            return encoding switch
            {
                "categorical" => Categorical(name, Hdf5Data.Integers(Hdf5Data.Dataset(root, file, $"{path}/codes"), file, $"{path}/codes"),
                    Hdf5Data.Text(Hdf5Data.Dataset(root, file, $"{path}/categories"), file, $"{path}/categories")),
                "nullable-integer" or "nullable-boolean" or "nullable-string-array" => Nullable(root, file, path, name, encoding),
                _ => throw Hdf5Data.Fail(file, path, $"is a group with encoding-type '{encoding ?? "(none)"}', not a dataframe column this reader knows " +
                    "(categorical, nullable-integer, nullable-boolean, nullable-string-array)"),
            };
        }

        if (item is not IH5Dataset dataset)
        {
            throw Hdf5Data.Fail(file, path, "is neither a dataset nor a group");
        }

        // anndata < 0.8: a categorical column is its codes, the categories in __categories/NAME.
        var parent = path[..path.LastIndexOf('/')];
        if (encoding is null && Hdf5Data.Exists(root, $"{parent}/__categories/{name}"))
        {
            return Categorical(name, Hdf5Data.Integers(dataset, file, path),
                Hdf5Data.Text(Hdf5Data.Dataset(root, file, $"{parent}/__categories/{name}"), file, $"{parent}/__categories/{name}"));
        }

        var kind = dataset.Type.Class switch
        {
            H5DataTypeClass.String or H5DataTypeClass.VariableLength => "string",
            H5DataTypeClass.Enumerated => "boolean",
            _ => "numeric",
        };
        var values = Hdf5Data.Text(dataset, file, path);
        if (kind == "boolean")
        {
            values = Array.ConvertAll(values, v => v == "0" ? "False" : "True");
        }

        return new AnnDataColumn(name, kind, values);
    }

    private static AnnDataColumn Categorical(string name, long[] codes, string[] categories) =>
        new(name, "categorical", Array.ConvertAll(codes, c => c >= 0 && c < categories.Length ? categories[c] : string.Empty));

    private static AnnDataColumn Nullable(IH5Group root, string file, string path, string name, string encoding)
    {
        var values = Hdf5Data.Text(Hdf5Data.Dataset(root, file, $"{path}/values"), file, $"{path}/values");
        var mask = Hdf5Data.Integers(Hdf5Data.Dataset(root, file, $"{path}/mask"), file, $"{path}/mask");
        if (encoding == "nullable-boolean")
        {
            values = Array.ConvertAll(values, v => v == "0" ? "False" : "True");
        }

        for (var i = 0; i < values.Length && i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                values[i] = string.Empty;
            }
        }

        return new AnnDataColumn(name, encoding.Replace("nullable-", string.Empty, StringComparison.Ordinal), values);
    }
}
