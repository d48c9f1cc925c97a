using Microsoft.Data.Sqlite;

namespace PerturbKG.Store.Sqlite;

/// <summary>
/// The current row of a query, read by column name (<c>row.Long("id")</c>). Column positions are looked up once per
/// query, so reading by name costs a dictionary lookup, not a scan of the column names.
/// </summary>
internal sealed class SqliteRow
{
    private readonly SqliteDataReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);

    public SqliteRow(SqliteDataReader reader)
    {
        _reader = reader;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _columns.TryAdd(reader.GetName(i), i);
        }
    }

    public long Long(string column) => _reader.GetInt64(Ordinal(column));

    public int Int(string column) => _reader.GetInt32(Ordinal(column));

    public bool Bool(string column) => _reader.GetInt64(Ordinal(column)) != 0;

    public double Double(string column) => _reader.GetDouble(Ordinal(column));

    public double? NullableDouble(string column) => IsNull(column) ? null : Double(column);

    public string Text(string column) => _reader.GetString(Ordinal(column));

    public string? NullableText(string column) => IsNull(column) ? null : Text(column);

    /// <summary>A float vector stored as a blob (<see cref="VectorBlob"/>).</summary>
    public float[] Vector(string column) => VectorBlob.FromBytes((byte[])_reader.GetValue(Ordinal(column)));

    /// <summary>Every column's value in order (null for SQL NULL), for queries whose columns are data, not names.</summary>
    public object?[] Values()
    {
        var values = new object?[_reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _reader.IsDBNull(i) ? null : _reader.GetValue(i);
        }

        return values;
    }

    public bool IsNull(string column) => _reader.IsDBNull(Ordinal(column));

    private int Ordinal(string column) =>
        _columns.TryGetValue(column, out var i) ? i : throw new InvalidOperationException($"The query has no column '{column}'.");
}
