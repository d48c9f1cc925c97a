namespace PerturbKG.Model.Chemistry;

/// <summary>A fixed 32-bit hash of integer sequences (FNV-1a over bytes, then a final mix), the same on every run and platform.</summary>
internal static class StableHash
{
    public static uint Of(ReadOnlySpan<int> values)
    {
        var hash = 2166136261u;
        foreach (var value in values)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash = (hash ^ (byte)(value >> shift)) * 16777619u;
            }
        }

        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35u;
        return hash ^ (hash >> 16);
    }
}
