using System.Globalization;

namespace PerturbKG.Ingest.Text;

/// <summary>
/// A streaming reader of delimited text (CSV with RFC 4180 quoting, or TSV) that works on bytes: fields are spans
/// into its buffer, valid until the next <see cref="ReadRow"/>, and only decoded to strings on request.
/// </summary>
public sealed class DelimitedReader : IDisposable
{
    private const byte Quote = (byte)'"';
    private const byte NewLine = (byte)'\n';

    /// <summary>
    /// The longest row read (a full LINCS GCT row is ~4 MB): beyond it the file is not line-based text (e.g. /dev/zero
    /// or a binary file), and reading on would only grow memory.
    /// </summary>
    public const int MaxRowBytes = 64 << 20;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private byte[] _buffer = new byte[1 << 20];
    private int _position;
    private int _length;
    private bool _endOfStream;
    private bool _started;
    private long _nextLine = 1;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private byte[] _scratch = new byte[1024];
    private bool _fieldsInScratch;

    public DelimitedReader(Stream stream, string fileName, byte delimiter, bool ownsStream = false)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        FileName = fileName;
        Delimiter = delimiter;
    }

    public string FileName { get; }

    public byte Delimiter { get; private set; }

    /// <summary>1-based line on which the current row starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>False when the current row ran to the end of the data without a newline.</summary>
    public bool RowTerminated { get; private set; }

    /// <summary>True when the data ended inside a quoted field the current row opened (an unclosed quote, not a cut-off file).</summary>
    public bool QuoteLeftOpen { get; private set; }

    /// <summary>True when the current row is an empty line.</summary>
    public bool IsBlank => FieldCount == 1 && _lengths[0] == 0;

    public ReadOnlySpan<byte> this[int index] =>
        (_fieldsInScratch ? _scratch : _buffer).AsSpan(_starts[index], _lengths[index]);

    /// <summary>Picks the delimiter from the file name (.csv: comma; .tsv/.txt/.sif/.gct: tab) or else from the first line.</summary>
    public static byte GuessDelimiter(string path, ReadOnlySpan<byte> firstLine)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var extension = System.IO.Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".csv" => (byte)',',
            ".tsv" or ".tab" or ".txt" or ".sif" or ".gct" => (byte)'\t',
            _ => firstLine.Count((byte)'\t') >= firstLine.Count((byte)',') ? (byte)'\t' : (byte)',',
        };
    }

    /// <summary>Opens a file (gzip or plain) for reading, guessing the delimiter when none is given.</summary>
    public static DelimitedReader Open(InputFile file, byte? delimiter = null)
    {
        var reader = new DelimitedReader(file.Content, file.Path, delimiter ?? (byte)'\t');
        if (delimiter is null)
        {
            reader.Fill();
            var pending = reader._buffer.AsSpan(reader._position, reader._length - reader._position);
            var end = pending.IndexOf(NewLine);
            reader.Delimiter = GuessDelimiter(file.Path, end < 0 ? pending : pending[..end]);
        }

        return reader;
    }

    public string GetString(int index) => FieldText.Decode(this[index]);

    public bool TryGetDouble(int index, out double value) => FieldText.TryParseDouble(this[index], out value);

    public bool TryGetFloat(int index, out float value) => FieldText.TryParseFloat(this[index], out value);

    public bool TryGetInt32(int index, out int value) =>
        int.TryParse(this[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>All fields of the current row as strings.</summary>
    public string[] GetAll()
    {
        var values = new string[FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = GetString(i);
        }

        return values;
    }

    /// <summary>Advances to the next row; false at the end of the data.</summary>
    public bool ReadRow()
    {
        if (!_started)
        {
            Fill();
        }

        while (true)
        {
            if (_position >= _length)
            {
                if (_endOfStream)
                {
                    return false;
                }

                Fill();
                continue;
            }

            var pending = _buffer.AsSpan(_position, _length - _position);
            var newline = pending.IndexOf(NewLine);
            if (newline < 0 && !_endOfStream)
            {
                Fill();
                continue;
            }

            var row = newline < 0 ? pending : pending[..newline];
            if (row.IndexOf(Quote) >= 0)
            {
                if (!TryReadQuotedRow())
                {
                    Fill();
                    continue;
                }

                return true;
            }

            LineNumber = _nextLine++;
            QuoteLeftOpen = false;
            RowTerminated = newline >= 0;
            var rowStart = _position;
            var rowLength = row.Length;
            if (rowLength > 0 && row[rowLength - 1] == (byte)'\r')
            {
                rowLength--;
            }

            _position += newline < 0 ? row.Length : newline + 1;
            SplitPlain(rowStart, rowLength);
            return true;
        }
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private void SplitPlain(int start, int length)
    {
        _fieldsInScratch = false;
        var count = 0;
        var span = _buffer.AsSpan(start, length);
        var offset = 0;
        while (true)
        {
            EnsureFieldCapacity(count + 1);
            var next = span[offset..].IndexOf(Delimiter);
            if (next < 0)
            {
                _starts[count] = start + offset;
                _lengths[count] = span.Length - offset;
                count++;
                break;
            }

            _starts[count] = start + offset;
            _lengths[count] = next;
            count++;
            offset += next + 1;
        }

        FieldCount = count;
    }

    // A row with quotes may span lines. Returns false when more data is needed to find its end.
    private bool TryReadQuotedRow()
    {
        var span = _buffer.AsSpan(_position, _length - _position);
        var inQuotes = false;
        var end = -1;
        var lines = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (b == Quote)
            {
                inQuotes = !inQuotes;
            }
            else if (b == NewLine)
            {
                if (!inQuotes)
                {
                    end = i;
                    break;
                }

                lines++;
            }
        }

        if (end < 0 && !_endOfStream)
        {
            return false;
        }

        var terminated = end >= 0;
        var row = terminated ? span[..end] : span;
        if (row.Length > 0 && row[^1] == (byte)'\r')
        {
            row = row[..^1];
        }

        LineNumber = _nextLine;
        _nextLine += lines + 1;
        RowTerminated = terminated && !inQuotes;
        QuoteLeftOpen = !terminated && inQuotes;
        Unquote(row);
        _position += terminated ? end + 1 : span.Length;
        return true;
    }

    private void Unquote(ReadOnlySpan<byte> row)
    {
        if (_scratch.Length < row.Length)
        {
            _scratch = new byte[Math.Max(row.Length, _scratch.Length * 2)];
        }

        _fieldsInScratch = true;
        var count = 0;
        var write = 0;
        var i = 0;
        while (true)
        {
            EnsureFieldCapacity(count + 1);
            _starts[count] = write;
            if (i < row.Length && row[i] == Quote)
            {
                i++;
                while (i < row.Length)
                {
                    if (row[i] == Quote)
                    {
                        if (i + 1 < row.Length && row[i + 1] == Quote)
                        {
                            _scratch[write++] = Quote;
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    _scratch[write++] = row[i++];
                }
            }

            // Text after a closing quote (or an unquoted field) runs to the next delimiter, taken literally.
            while (i < row.Length && row[i] != Delimiter)
            {
                _scratch[write++] = row[i++];
            }

            _lengths[count] = write - _starts[count];
            count++;
            if (i >= row.Length)
            {
                break;
            }

            i++; // delimiter
        }

        FieldCount = count;
    }

    private void EnsureFieldCapacity(int needed)
    {
        if (needed > _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }
    }

    private void Fill()
    {
        if (_position > 0)
        {
            var remaining = _length - _position;
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, remaining);
            _length = remaining;
            _position = 0;
        }

        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= MaxRowBytes)
            {
                throw new InvalidInputException(FileName, _nextLine,
                    $"a line longer than {MaxRowBytes >> 20} MB without a line end: this is not a delimited text file.");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        while (_length < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (n == 0)
            {
                _endOfStream = true;
                break;
            }

            _length += n;
            if (_length - _position >= 1 << 16)
            {
                break;
            }
        }

        if (!_started)
        {
            _started = true;
            if (_length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _position = 3;
            }
        }
    }
}
