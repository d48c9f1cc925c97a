using System.Runtime.InteropServices;
using System.Text;

namespace PerturbKG.Model.Training;

/// <summary>A model's parameters on disk: a small header (format, model name, shapes) then little-endian float32 data.</summary>
public static class Checkpoint
{
    private const string Magic = "PKGCKPT1";

    public static void Save(string path, IPerturbationModel model)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(model.Name);
        writer.Write(model.Parameters.Count);
        foreach (var p in model.Parameters)
        {
            writer.Write(p.Rows);
            writer.Write(p.Cols);
            writer.Write(MemoryMarshal.AsBytes(p.Data.AsSpan()));
        }
    }

    /// <summary>Loads weights into a model built with the same options; refuses a file of another shape.</summary>
    public static void Load(string path, IPerturbationModel model)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException($"{path} is not a PerturbKG checkpoint.");
        }

        var name = reader.ReadString();
        var count = reader.ReadInt32();
        if (count != model.Parameters.Count)
        {
            throw new InvalidDataException($"{path} holds {count} parameters for '{name}'; the model has {model.Parameters.Count}.");
        }

        foreach (var p in model.Parameters)
        {
            var (rows, cols) = (reader.ReadInt32(), reader.ReadInt32());
            if (rows != p.Rows || cols != p.Cols)
            {
                throw new InvalidDataException($"{path}: a {rows} × {cols} parameter where the model has {p.Rows} × {p.Cols}.");
            }

            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(p.Data.AsSpan()));
        }
    }
}
