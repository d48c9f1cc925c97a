using System.Collections;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// One record of a result: its values in the order of the result's keys, read by key (<c>record["uid"]</c>) or by
/// position. The records of one result share one key index.
/// </summary>
public sealed class BoltRecord : IReadOnlyList<object?>
{
    private readonly IReadOnlyList<object?> _values;
    private readonly BoltKeys _keys;

    internal BoltRecord(BoltKeys keys, IReadOnlyList<object?> values)
    {
        _keys = keys;
        _values = values;
    }

    public IReadOnlyList<string> Keys => _keys.Names;

    public int Count => _values.Count;

    public object? this[int index] => _values[index];

    /// <summary>The value of a key; a key the statement does not return is an error naming the keys it does return.</summary>
    public object? this[string key] => _keys.Index.TryGetValue(key, out var i) && i < _values.Count
        ? _values[i]
        : throw new KeyNotFoundException($"The record has no key '{key}' (it has {string.Join(", ", _keys.Names)}).");

    public bool Has(string key) => _keys.Index.ContainsKey(key);

    public IEnumerator<object?> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A result's keys and their positions, shared by its records.</summary>
internal sealed class BoltKeys
{
    public BoltKeys(IReadOnlyList<string> names)
    {
        Names = names;
        Index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            Index.TryAdd(names[i], i);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public Dictionary<string, int> Index { get; }
}
