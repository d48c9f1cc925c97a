using System.Runtime.InteropServices;

namespace PerturbKG.Store.Sqlite;

/// <summary>float32 vectors stored as little-endian BLOBs.</summary>
internal static class VectorBlob
{
    public static ReadOnlySpan<byte> ToBytes(float[] values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vector blobs are little-endian; this machine is big-endian.");
        }

        return MemoryMarshal.AsBytes(values.AsSpan());
    }

    public static float[] FromBytes(byte[] blob)
    {
        if (blob.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException($"A vector blob of {blob.Length} bytes is not a whole number of float32 values.");
        }

        return MemoryMarshal.Cast<byte, float>(blob).ToArray();
    }
}
