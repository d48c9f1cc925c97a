using PerturbKG.Ingest.Hdf5;
using PerturbKG.Ingest.Text;
using PureHDF;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.AnnData;

/// <summary>
/// An AnnData <c>.h5ad</c> file (HDF5, per the AnnData on-disk specification, read through PureHDF): its obs and var
/// dataframes and a matrix, <c>X</c> or a named layer. Files written before the specification (anndata &lt; 0.8, no
/// encoding attributes) are read where their layout is unambiguous.
/// </summary>
public sealed class AnnDataFile : IDisposable
{
    private readonly NativeFile _file;

    private AnnDataFile(string path, NativeFile file, string? encodingVersion, AnnDataFrame obs, AnnDataFrame var, IReadOnlyList<string> layers)
    {
        Path = path;
        _file = file;
        EncodingVersion = encodingVersion;
        Obs = obs;
        Var = var;
        Layers = layers;
    }

    public string Path { get; }

    public string? EncodingVersion { get; }

    public AnnDataFrame Obs { get; }

    public AnnDataFrame Var { get; }

    /// <summary>Names of the matrices under <c>layers</c>.</summary>
    public IReadOnlyList<string> Layers { get; }

    public static AnnDataFile Open(string path)
    {
        var file = Hdf5Data.Open(path);
        try
        {
            var encoding = Hdf5Data.AttributeText(file, "encoding-type", path, "/");
            if (encoding is not null && encoding != "anndata")
            {
                throw new InvalidInputException(path, 0, $"the file's root has encoding-type '{encoding}', not 'anndata'");
            }

            foreach (var required in new[] { "obs", "var" })
            {
                if (!Hdf5Data.Exists(file, required))
                {
                    throw new InvalidInputException(path, 0, $"not an AnnData file: HDF5 object '/{required}' is missing");
                }
            }

            var obs = AnnDataFrame.Read(file, path, "/obs");
            var var = AnnDataFrame.Read(file, path, "/var");
            var layers = Hdf5Data.Exists(file, "layers") ? Hdf5Data.Group(file, path, "/layers").Children().Select(c => c.Name).ToList() : [];
            return new AnnDataFile(path, file, Hdf5Data.AttributeText(file, "encoding-version", path, "/"), obs, var, layers);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>X, or the named layer; checked against the obs and var lengths.</summary>
    public AnnDataMatrix Matrix(string? layer = null)
    {
        var path = layer is null ? "/X" : $"/layers/{layer}";
        if (layer is not null && !Layers.Contains(layer))
        {
            throw new InvalidInputException(Path, 0, $"HDF5 object '{path}' is missing; the file's layers are: {(Layers.Count == 0 ? "(none)" : string.Join(", ", Layers))}");
        }

        var matrix = AnnDataMatrix.Open(_file, Path, path);
        if (matrix.Rows != Obs.Count || matrix.Columns != Var.Count)
        {
            throw Hdf5Data.Fail(Path, path, $"is {matrix.Rows} × {matrix.Columns} but obs has {Obs.Count} rows and var {Var.Count}");
        }

        return matrix;
    }

    public void Dispose() => _file.Dispose();
}
