using System.Text;
using PerturbKG.Ingest.Text;

namespace PerturbKG.UnitTests.Text;

public sealed class DelimitedReaderTests
{
    [Fact]
    public void ReadRow_SplitsQuotedFields_WhenCsvHasCommasAndEscapedQuotes()
    {
        using var reader = Reader("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");

        Assert.True(reader.ReadRow());
        Assert.True(reader.ReadRow());

        Assert.Equal(3, reader.FieldCount);
        Assert.Equal("1", reader.GetString(0));
        Assert.Equal("x, y", reader.GetString(1));
        Assert.Equal("say \"hi\"", reader.GetString(2));
        Assert.Equal(2, reader.LineNumber);
    }

    [Fact]
    public void ReadRow_KeepsLineNumbers_WhenQuotedFieldSpansLines()
    {
        using var reader = Reader("h1,h2\n\"two\nlines\",b\nc,d\n");

        reader.ReadRow();
        reader.ReadRow();
        Assert.Equal("two\nlines", reader.GetString(0));
        Assert.Equal(2, reader.LineNumber);

        reader.ReadRow();
        Assert.Equal("c", reader.GetString(0));
        Assert.Equal(4, reader.LineNumber);
    }

    [Fact]
    public void ReadRow_CountsLines_WhenRowsCrossBufferRefills()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(i).Append('\t').Append(new string('x', i % 50)).Append('\n');
        }

        using var reader = new DelimitedReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "big.tsv", (byte)'\t');
        var rows = 0;
        while (reader.ReadRow())
        {
            Assert.True(reader.TryGetInt32(0, out var value));
            Assert.Equal(rows, value);
            Assert.Equal(rows + 1, reader.LineNumber);
            Assert.Equal(rows % 50, reader[1].Length);
            rows++;
        }

        Assert.Equal(100_000, rows);
    }

    [Fact]
    public void ReadRow_MarksRowUnterminated_WhenLastLineHasNoNewline()
    {
        using var reader = Reader("a,b\n1,2\n3,");

        reader.ReadRow();
        reader.ReadRow();
        Assert.True(reader.RowTerminated);
        reader.ReadRow();
        Assert.False(reader.RowTerminated);
        Assert.False(reader.ReadRow());
    }

    [Fact]
    public void GetString_DecodesLatin1_WhenBytesAreNotUtf8()
    {
        var bytes = new byte[] { (byte)'1', (byte)'0', (byte)' ', 0xB5, (byte)'M', (byte)'\n' };
        using var reader = new DelimitedReader(new MemoryStream(bytes), "dose.tsv", (byte)'\t');

        reader.ReadRow();

        Assert.Equal("10 µM", reader.GetString(0));
    }

    [Fact]
    public void ReadRow_DropsCarriageReturn_WhenLinesEndWithCrLf()
    {
        using var reader = Reader("a,b\r\n1,2\r\n");

        reader.ReadRow();
        reader.ReadRow();

        Assert.Equal("2", reader.GetString(1));
    }

    [Fact]
    public void Open_GuessesTab_WhenExtensionIsUnknownAndHeaderHasTabs()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("table.dat", "\uFEFFid\tname\n1\tx\n");
        using var file = InputFile.Open(path);
        using var reader = DelimitedReader.Open(file);

        Assert.Equal((byte)'\t', reader.Delimiter);
        reader.ReadRow();
        Assert.Equal("id", reader.GetString(0)); // the byte-order mark is not part of the first field
    }

    [Fact]
    public void ReadRow_StopsWithFileAndLine_WhenALineNeverEnds()
    {
        // Issue 16 #7: /dev/zero grew memory to 2.1 GB, then failed without naming the file or line.
        using var reader = new DelimitedReader(new EndlessZeros(), "/dev/zero", (byte)',');
        reader.ReadRow();
        var error = Assert.Throws<InvalidInputException>(() => reader.ReadRow());

        Assert.Equal("/dev/zero", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("without a line end", error.Message);
    }

    // One short line, then zeros forever.
    private sealed class EndlessZeros : Stream
    {
        private bool _first = true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_first)
            {
                _first = false;
                buffer[offset] = (byte)'a';
                buffer[offset + 1] = (byte)'\n';
                return 2;
            }

            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static DelimitedReader Reader(string text) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.csv", (byte)',');
}
