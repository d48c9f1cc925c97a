using System.IO.Compression;
using System.Security.Cryptography;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Text;

/// <summary>
/// An input file opened for one sequential read: transparently gunzipped (with a truncation check), with its position
/// on disk for progress. Its SHA-256 is computed on another core while the file is parsed.
/// </summary>
public sealed class InputFile : IDisposable
{
    private readonly FileStream _file;
    private readonly CountingStream _counting;
    private readonly Task<string> _hash;

    private InputFile(string path, FileStream file, CountingStream counting, Stream content)
    {
        Path = path;
        _file = file;
        _counting = counting;
        Content = content;
        Length = file.Length;
        _hash = Task.Run(() => HashFile(path));
    }

    public string Path { get; }

    /// <summary>Size on disk in bytes.</summary>
    public long Length { get; }

    /// <summary>The decompressed bytes.</summary>
    public Stream Content { get; }

    /// <summary>Bytes read from disk so far.</summary>
    public long Position => _counting.BytesRead;

    public static InputFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, 0, Directory.Exists(path) ? "a folder, not a file" : "file not found");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var counting = new CountingStream(file);
        Stream content = counting;
        if (IsGzip(file))
        {
            content = new GzipTrailerCheck(new GZipStream(counting, CompressionMode.Decompress), path, ReadTrailer(file));
        }

        return new InputFile(path, file, counting, content);
    }

    /// <summary>The SHA-256 of the whole file on disk.</summary>
    public string Sha256() => _hash.GetAwaiter().GetResult();

    public DatasetFile Provenance(string role) => new(role, System.IO.Path.GetFullPath(Path), Sha256(), Length);

    public void Dispose()
    {
        Content.Dispose();
        _counting.Dispose();
        _file.Dispose();
    }

    /// <summary>SHA-256 of a file read from disk in one pass (for files read by other means, e.g. HDF5).</summary>
    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static GzipTrailer ReadTrailer(FileStream file)
    {
        var tail = new byte[Math.Min(28, (int)file.Length)];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        file.Position = 0;
        var isize = tail.Length >= 4 ? BitConverter.ToUInt32(tail, tail.Length - 4) : 0u;
        return new GzipTrailer(isize, tail.AsSpan().SequenceEqual(BgzfEndOfFile));
    }

    // The empty block that ends every BGZF (blocked gzip) file; such files are many gzip members, so the last
    // member's size says nothing about the whole.
    private static ReadOnlySpan<byte> BgzfEndOfFile =>
    [
        0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43,
        0x02, 0x00, 0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    private sealed record GzipTrailer(uint Size, bool IsBgzf);

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // .NET's GZipStream ends quietly at the end of a cut-off file; the gzip trailer's size field catches that.
    private sealed class GzipTrailerCheck(Stream inner, string path, GzipTrailer trailer) : Stream
    {
        private long _total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidInputException(path, 0, $"corrupt gzip data ({e.Message})");
            }

            _total += n;
            if (n == 0 && buffer.Length > 0 && !trailer.IsBgzf && (uint)_total != trailer.Size)
            {
                throw new InvalidInputException(
                    path, 0, $"gzip data ends after {_total:N0} bytes but the trailer records {trailer.Size:N0}: the file looks truncated");
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
