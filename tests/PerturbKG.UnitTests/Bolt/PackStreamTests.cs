using PerturbKG.Store.Bolt;

namespace PerturbKG.UnitTests.Bolt;

/// <summary>PackStream v1 encodings checked against the specification's byte examples, and round trips at every size boundary.</summary>
public sealed class PackStreamTests
{
    public static TheoryData<object?, string> SpecExamples => new()
    {
        { null, "C0" },
        { true, "C3" },
        { false, "C2" },
        { 1L, "01" },
        { -16L, "F0" },
        { 127L, "7F" },
        { -17L, "C8EF" },
        { -128L, "C880" },
        { 128L, "C90080" },
        { 32768L, "CA00008000" },
        { 2147483648L, "CB0000000080000000" },
        { 1.1, "C13FF199999999999A" },
        { "a", "8161" },
        { "", "80" },
        { new List<object?>(), "90" },
        { new List<object?> { 1L, 2L, 3L }, "93010203" },
        { new Dictionary<string, object?>(), "A0" },
        { new Dictionary<string, object?> { ["a"] = 1L }, "A1816101" },
        { new byte[] { 1, 2, 3 }, "CC03010203" },
    };

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void Write_ProducesTheSpecBytes_AndReadGivesTheValueBack(object? value, string hex)
    {
        var bytes = Encode(value);

        Assert.Equal(hex, Convert.ToHexString(bytes));
        Assert.Equal(Normalise(value), Normalise(new PackStreamReader(bytes).Read()));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    public void Strings_ListsAndMaps_RoundTrip_AtSizeBoundaries(int size)
    {
        var text = new string('é', size / 2) + new string('x', size - size / 2 * 2);
        var list = Enumerable.Range(0, size).Select(i => (object?)(long)i).ToList();
        var map = Enumerable.Range(0, Math.Min(size, 20_000)).ToDictionary(i => $"k{i}", i => (object?)(i % 2 == 0 ? "v" : (long)-i));

        Assert.Equal(text, new PackStreamReader(Encode(text)).Read());
        Assert.Equal(list, (IEnumerable<object?>)new PackStreamReader(Encode(list)).Read()!);
        Assert.Equal(map, (IEnumerable<KeyValuePair<string, object?>>)new PackStreamReader(Encode(map)).Read()!);
    }

    [Fact]
    public void Read_TurnsBolt5NodeRelationshipAndPathStructures_IntoRecords()
    {
        var stream = new MemoryStream();
        var w = new PackStreamWriter(stream);
        w.WriteStructHeader(3, 0x50); // Path
        w.WriteListHeader(2);
        WriteNode(w, 1, "Drug", "4:x:1");
        WriteNode(w, 2, "Gene", "4:x:2");
        w.WriteListHeader(1);
        w.WriteStructHeader(4, 0x72); // UnboundRelationship
        w.Write(10L);
        w.Write("TARGETS");
        w.Write(new Dictionary<string, object?> { ["weight"] = 0.5 });
        w.Write("5:x:10");
        w.Write(new List<object?> { 1L, 1L });

        var path = Assert.IsType<BoltPath>(new PackStreamReader(stream.ToArray()).Read());

        Assert.Equal(["Drug"], path.Nodes[0].Labels);
        Assert.Equal("4:x:2", path.Nodes[1].ElementId);
        Assert.Equal("TARGETS", path.Relationships[0].Type);
        Assert.Equal(0.5, path.Relationships[0].Properties["weight"]);
        Assert.Equal([1L, 1L], path.Sequence);
    }

    [Fact]
    public void Read_Throws_OnTruncatedMessage()
    {
        var error = Assert.Throws<BoltProtocolException>(() => new PackStreamReader(new byte[] { 0xD0, 0x05, 0x61 }).Read());

        Assert.Contains("ends in the middle", error.Message);
    }

    private static void WriteNode(PackStreamWriter w, long id, string label, string elementId)
    {
        w.WriteStructHeader(4, 0x4E);
        w.Write(id);
        w.Write(new List<object?> { label });
        w.Write(new Dictionary<string, object?> { ["id"] = $"n{id}" });
        w.Write(elementId);
    }

    private static byte[] Encode(object? value)
    {
        var stream = new MemoryStream();
        new PackStreamWriter(stream).Write(value);
        return stream.ToArray();
    }

    private static string Normalise(object? value) => System.Text.Json.JsonSerializer.Serialize(value);
}
