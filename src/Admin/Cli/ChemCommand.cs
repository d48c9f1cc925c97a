using System.CommandLine;
using System.Globalization;
using PerturbKG.Ingest.Text;
using PerturbKG.Model.Chemistry;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>
/// <c>perturbkg chem scaffold|canonical|fingerprint [SMILES ...] [--in FILE [--column NAME]]</c>: RDKit-compatible
/// Murcko scaffolds, canonical SMILES and Morgan fingerprints for a few compounds or a file of them, as TSV.
/// </summary>
internal static class ChemCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("chem", "Chemistry that agrees with RDKit: Bemis–Murcko scaffolds, canonical SMILES and Morgan (ECFP) fingerprints, as TSV.");
        command.Subcommands.Add(Sub(console, "scaffold", "Murcko scaffold (RDKit's MurckoScaffoldSmiles) of each SMILES; empty for acyclic molecules.", ["scaffold"],
            (m, _) => [MurckoScaffold.Of(m).Smiles]));
        command.Subcommands.Add(Sub(console, "canonical", "Canonical SMILES (RDKit's MolToSmiles without stereo or isotopes).", ["canonical"],
            (m, _) => [SmilesWriter.Canonical(m)]));
        command.Subcommands.Add(Sub(console, "fingerprint", "Morgan fingerprint on-bits (RDKit's GetMorganFingerprintAsBitVect; ECFP4 = radius 2, 2048 bits), or bit:count pairs with --counts.", ["bits"],
            (m, o) => o.Counts
                ? [string.Join(',', MorganFingerprint.Counts(m, o.Radius, o.Bits).Select((c, bit) => (c, bit)).Where(p => p.c > 0).Select(p => $"{p.bit}:{p.c}"))]
                : [string.Join(',', MorganFingerprint.OnBits(m, o.Radius, o.Bits))]));
        return command;
    }

    private sealed record Settings(int Radius, int Bits, bool Counts);

    private static Command Sub(IAnsiConsole console, string name, string description, string[] columns, Func<Molecule, Settings, string[]> compute)
    {
        var smiles = new Argument<string[]>("SMILES") { Description = "SMILES to read (or use --in).", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string>("--in") { Description = "A file of compounds: one SMILES per line (optionally followed by a name, as in .smi files), or a TSV/CSV with a header when --column is given; '-' reads standard input." };
        var column = new Option<string>("--column") { Description = "The column of --in that holds the SMILES (the file then has a header; .csv is comma-separated, anything else tab-separated). Other columns are copied to the output." };
        var largest = new Option<bool>("--largest-fragment") { Description = "Use each compound's largest fragment (strip salts); RDKit uses the whole molecule." };
        var radius = new Option<int>("--radius") { Description = "Morgan radius (2 = ECFP4).", DefaultValueFactory = _ => 2 };
        var bits = new Option<int>("--bits") { Description = "Fingerprint length.", DefaultValueFactory = _ => 2048 };
        var counts = new Option<bool>("--counts") { Description = "Counts per bit (RDKit's GetHashedMorganFingerprint) instead of on-bits." };
        var command = new Command(name, description) { smiles, input, column, largest };
        if (name == "fingerprint")
        {
            command.Options.Add(radius);
            command.Options.Add(bits);
            command.Options.Add(counts);
        }

        command.SetAction(parse =>
        {
            var settings = name == "fingerprint" ? new Settings(parse.GetValue(radius), parse.GetValue(bits), parse.GetValue(counts)) : new Settings(2, 2048, false);
            if (settings.Radius is < 0 or > 10 || settings.Bits is < 1 or > 1 << 24)
            {
                console.MarkupLine("[red]error:[/] --radius must be 0 to 10 and --bits 1 to 16777216.");
                return ExitCodes.BadUsage;
            }

            var given = parse.GetValue(smiles) ?? [];
            var path = parse.GetValue(input);
            if ((given.Length == 0) == (path is null))
            {
                console.MarkupLine("[red]error:[/] give SMILES as arguments or a file with --in (not both).");
                return ExitCodes.BadUsage;
            }

            try
            {
                if (path is null)
                {
                    return Write(console, [], given.Select((s, i) => new Compound($"argument {i + 1}", s, [])), columns, m => compute(m, settings), parse.GetValue(largest));
                }

                using var reader = Open(path, parse.GetValue(column) is null ? (byte)'\n' : null);
                var (extra, rows) = Rows(reader, parse.GetValue(column));
                return Write(console, extra, rows, columns, m => compute(m, settings), parse.GetValue(largest));
            }
            catch (InvalidInputException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private sealed record Compound(string Where, string Smiles, string[] Extra);

    private static int Write(IAnsiConsole console, string[] extraHeader, IEnumerable<Compound> compounds, string[] columns, Func<Molecule, string[]> compute, bool largest)
    {
        var output = console.Profile.Out.Writer;
        output.WriteLine(string.Join('\t', extraHeader.Append("smiles").Concat(columns).Append("error")));
        int total = 0, failed = 0;
        string? firstError = null;
        try
        {
            foreach (var compound in compounds)
            {
                total++;
                string[] values;
                var error = string.Empty;
                var molecule = SmilesParser.TryParse(compound.Smiles, out var problem);
                if (molecule is null)
                {
                    values = columns.Select(_ => string.Empty).ToArray();
                    error = $"{compound.Where}: {problem!.Problem} at position {problem.Position}";
                    failed++;
                    firstError ??= error;
                }
                else
                {
                    values = compute(largest ? Fragments.Largest(molecule) : molecule);
                }

                output.WriteLine(string.Join('\t', compound.Extra.Append(Clean(compound.Smiles)).Concat(values).Append(error)));
            }
        }
        catch (InvalidInputException e)
        {
            output.Flush();
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failure;
        }

        output.Flush();
        if (failed > 0)
        {
            Console.Error.WriteLine($"{failed} of {total} SMILES could not be read; the first: {firstError}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    // A file (plain or gzip) or standard input ('-'); a delimiter of '\n' reads whole lines (.smi files).
    private static DelimitedReader Open(string path, byte? delimiter)
    {
        if (path == "-")
        {
            return new DelimitedReader(Console.OpenStandardInput(), "standard input", delimiter ?? (byte)'\t');
        }

        var file = InputFile.Open(path);
        return new DelimitedReader(file.Content, path, delimiter ?? DelimitedReader.GuessDelimiter(path, []), ownsStream: true);
    }

    // The compounds of an input, read as the output is written, and the names of the columns copied to the output.
    private static (string[] Extra, IEnumerable<Compound> Rows) Rows(DelimitedReader reader, string? column)
    {
        if (column is null)
        {
            return (["name"], Plain(reader));
        }

        var header = HeaderMap.Read(reader);
        var at = header.Require("SMILES", column);
        return (header.Names.Where((_, i) => i != at).ToArray(), Table(reader, at, header.Count));
    }

    // One SMILES per line, optionally followed by whitespace and a name; blank lines and # comments are skipped.
    private static IEnumerable<Compound> Plain(DelimitedReader reader)
    {
        while (reader.ReadRow())
        {
            var text = reader.GetString(0).Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var where = $"{reader.FileName} line {reader.LineNumber}";
            var space = text.IndexOfAny([' ', '\t']);
            yield return space < 0 ? new Compound(where, text, [string.Empty]) : new Compound(where, text[..space], [Clean(text[(space + 1)..].Trim())]);
        }
    }

    private static IEnumerable<Compound> Table(DelimitedReader reader, int at, int width)
    {
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            if (reader.FieldCount != width)
            {
                throw new InvalidInputException(reader.FileName, reader.LineNumber, $"{reader.FieldCount} fields where the header has {width}");
            }

            var fields = reader.GetAll();
            yield return new Compound($"{reader.FileName} line {reader.LineNumber}", fields[at].Trim(), fields.Where((_, i) => i != at).Select(Clean).ToArray());
        }
    }
}
