using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Model;
using PerturbKG.Model.Chemistry;

namespace PerturbKG.Benchmarks.Chemistry;

/// <summary>
/// Scaffolds and ECFP4 for N compounds (default: the 20,330 LINCS compounds with SMILES in
/// ../shared/data/lincs/info/pertinfo.tsv.gz when present, else generated ones): seconds for parse + Murcko scaffold
/// (canonical SMILES) + 2,048-bit Morgan fingerprint, first pass in a fresh process (JIT included), then warm on one
/// thread and on every core. Also prints what the run found: unreadable SMILES, aromatic systems without a Kekulé
/// form, scaffold groups, and whether canonical SMILES survive renumbering every compound's atoms.
/// </summary>
public static class ChemistryBenchmark
{
    public static int Run(string[] args)
    {
        var limit = int.Parse(ChildProcess.Option(args, "--compounds") ?? "20000", CultureInfo.InvariantCulture);
        var (source, smiles) = Load(ChildProcess.Option(args, "--input"), limit);
        Console.WriteLine($"{smiles.Count:N0} compounds from {source}; {Environment.ProcessorCount} cores; {System.Runtime.Intrinsics.X86.Avx512F.IsSupported switch { true => "AVX-512", false => "no AVX-512" }}");

        var clock = Stopwatch.StartNew();
        var first = smiles.Select(Process).ToList();
        var cold = clock.Elapsed.TotalSeconds;

        clock.Restart();
        foreach (var s in smiles)
        {
            Process(s);
        }

        var warm = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var parallel = smiles.AsParallel().Select(Process).ToList();
        var all = clock.Elapsed.TotalSeconds;

        var unreadable = first.Count(r => r.Error is not null);
        var notKekulized = first.Count(r => r.Molecule is { Kekulized: false });
        var groups = first.Where(r => r.Scaffold is not null).Select(r => r.Scaffold).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"unreadable {unreadable}, no Kekulé form (kept as written) {notKekulized}, scaffold groups {groups:N0}");
        Console.WriteLine($"parse + scaffold + ECFP4, first pass (JIT included), 1 thread: {cold:F2} s ({smiles.Count / cold:N0}/s)");
        Console.WriteLine($"parse + scaffold + ECFP4, warm, 1 thread:                   {warm:F2} s ({smiles.Count / warm:N0}/s)");
        Console.WriteLine($"parse + scaffold + ECFP4, warm, {Environment.ProcessorCount} threads:                  {all:F2} s ({smiles.Count / all:N0}/s)");
        Console.WriteLine(first.Zip(parallel).All(p => p.First.Scaffold == p.Second.Scaffold) ? "parallel results equal the sequential ones" : "PARALLEL RESULTS DIFFER");

        var random = new Random(3);
        var renumbered = 0;
        var changed = new List<string>();
        foreach (var r in first.Where(r => r.Molecule is not null))
        {
            renumbered++;
            var canonical = SmilesWriter.Canonical(r.Molecule!);
            if (canonical != SmilesWriter.Canonical(Shuffled(r.Molecule!, random)))
            {
                changed.Add(r.Smiles);
            }
        }

        Console.WriteLine($"canonical SMILES changed by renumbering the atoms: {changed.Count} of {renumbered:N0}");
        foreach (var s in changed.Take(5))
        {
            Console.WriteLine($"  {s}");
        }

        return 0;
    }

    private sealed record Result(string Smiles, Molecule? Molecule, string? Scaffold, string? Error);

    private static Result Process(string smiles)
    {
        var molecule = SmilesParser.TryParse(smiles, out var error);
        if (molecule is null)
        {
            return new Result(smiles, null, null, error!.Message);
        }

        var scaffold = MurckoScaffold.Of(Fragments.Largest(molecule)).Key;
        MorganFingerprint.Compute(molecule);
        return new Result(smiles, molecule, scaffold, null);
    }

    private static (string Source, List<string> Smiles) Load(string? input, int limit)
    {
        var path = input ?? Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data/lincs/info/pertinfo.tsv.gz");
        if (File.Exists(path))
        {
            using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(path));
            var header = reader.ReadLine()!.Split('\t');
            var column = Array.IndexOf(header, "canonical_smiles");
            column = column < 0 ? 0 : column;
            var smiles = new List<string>();
            while (reader.ReadLine() is { } line && smiles.Count < limit)
            {
                var fields = line.Split('\t');
                if (fields.Length > column && fields[column] is { Length: > 0 } s && s != "-666")
                {
                    smiles.Add(s);
                }
            }

            return (Path.GetFullPath(path), smiles);
        }

        var random = new DeterministicRandom(7);
        return ("the generator (../shared/data not found)", Enumerable.Range(0, limit).Select(_ => SmilesAssembler.Assemble(random).Smiles).ToList());
    }

    private static Molecule Shuffled(Molecule m, Random random)
    {
        var permutation = Enumerable.Range(0, m.Atoms.Count).OrderBy(_ => random.Next()).ToArray();
        var atoms = new Atom[m.Atoms.Count];
        for (var i = 0; i < permutation.Length; i++)
        {
            atoms[permutation[i]] = m.Atoms[i];
        }

        var bonds = m.Bonds.Select(b => b with { A = permutation[b.A], B = permutation[b.B] }).OrderBy(_ => random.Next()).ToList();
        return new Molecule(atoms, bonds, m.Kekulized);
    }
}
