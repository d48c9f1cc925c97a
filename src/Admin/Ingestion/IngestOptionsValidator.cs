using FluentValidation;
using PerturbKG.Ingest;

namespace PerturbKG.Admin.Ingestion;

/// <summary>What ingest options must satisfy before anything is loaded, wherever they come from (CLI, form, API, schedule).</summary>
internal sealed class IngestOptionsValidator : AbstractValidator<IngestOptions>
{
    public IngestOptionsValidator()
    {
        RuleFor(o => o.Dataset)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
            .OverridePropertyName("dataset")
            .WithMessage("dataset must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(o => o)
            .Must(o => o.Files().Any())
            .OverridePropertyName("inputs")
            .WithMessage("Nothing to ingest: give at least one input file (primekg, edges, gct, signature table, ...).");
        RuleForEach(o => o.Files())
            .Must(f => File.Exists(f.Path))
            .OverridePropertyName("inputs")
            .WithMessage((_, f) => Directory.Exists(f.Path)
                ? $"{f.Role.Split(':')[0]} is a folder, not a file: {f.Path}"
                : $"{f.Role.Split(':')[0]} file not found: {f.Path}");
        RuleFor(o => o)
            .Must(o => o.EdgeLists.Count == 0 || o.NodeTables.Count > 0)
            .OverridePropertyName("edges")
            .WithMessage("edges needs the node table it refers to (nodes).");
        RuleFor(o => o.PairColumn)
            .NotEmpty()
            .When(o => o.PairColumn is not null)
            .OverridePropertyName("pairColumn");
    }
}
