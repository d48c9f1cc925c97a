using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Training;

/// <summary>
/// A model's <c>state_dict</c> on disk, by name: a header (format, model name, entry count), then per entry its name,
/// shape and little-endian float32 values. Loading is strict: a missing, extra or mis-shaped entry is an error naming it.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "PerturbKG state_dict v1";

    // What the previous (own tensor engine) format began with.
    private const string OldEngineMagic = "PKGCKPT1";

    public static void Save(string path, PerturbationModule model)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            var entries = model.state_dict();
            writer.Write(Magic);
            writer.Write(model.Name);
            writer.Write(entries.Count);
            foreach (var (name, value) in entries)
            {
                writer.Write(name);
                writer.Write((int)value.dim());
                foreach (var size in value.shape)
                {
                    writer.Write(size);
                }

                foreach (var v in Torch.TensorMemory.ToArray(value))
                {
                    writer.Write(v);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads weights into a model built with the same options and graph; refuses anything that does not fit.</summary>
    public static void Load(string path, PerturbationModule model)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        string magic;
        try
        {
            magic = reader.ReadString();
        }
        catch (EndOfStreamException)
        {
            magic = string.Empty;
        }

        if (magic == OldEngineMagic)
        {
            throw new CheckpointFromOldEngineException(
                $"{path} was written by PerturbKG's previous tensor engine, before the model moved to TorchSharp; its weights cannot be loaded. Train the run again.");
        }

        if (magic != Magic)
        {
            throw new InvalidDataException($"{path} is not a PerturbKG checkpoint.");
        }

        var name = reader.ReadString();
        var count = reader.ReadInt32();
        var stored = new Dictionary<string, (long[] Shape, float[] Values)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var shape = new long[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.ReadInt64();
            }

            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var v = 0; v < values.Length; v++)
            {
                values[v] = reader.ReadSingle();
            }

            stored[key] = (shape, values);
        }

        var expected = model.state_dict();
        var missing = expected.Keys.Where(k => !stored.ContainsKey(k)).ToList();
        var extra = stored.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidDataException($"{path} (model '{name}') does not fit model '{model.Name}': " +
                string.Join("; ", new[] { missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : null, extra.Count > 0 ? $"unexpected {string.Join(", ", extra)}" : null }.OfType<string>()) + ".");
        }

        var misfits = expected.Where(e => !stored[e.Key].Shape.SequenceEqual(e.Value.shape))
            .Select(e => $"'{e.Key}' is [{string.Join(", ", stored[e.Key].Shape)}] where model '{model.Name}' has [{string.Join(", ", e.Value.shape)}]")
            .ToList();
        if (misfits.Count > 0)
        {
            throw new InvalidDataException($"{path}: {string.Join("; ", misfits)}.");
        }

        using var guard = no_grad();
        foreach (var (key, target) in expected)
        {
            var (shape, values) = stored[key];
            using var value = tensor(values, shape);
            target.copy_(value);
        }
    }
}

/// <summary>A checkpoint of the tensor engine PerturbKG used before TorchSharp: recognised, never loaded.</summary>
public sealed class CheckpointFromOldEngineException(string message) : NotSupportedException(message);
