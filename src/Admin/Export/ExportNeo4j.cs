using FluentValidation;
using MediatR;
using PerturbKG.Store;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.Admin.Export;

/// <summary>Writes an embedded store as <c>neo4j-admin database import</c> CSV files, with the command that imports them.</summary>
internal sealed record ExportNeo4j(StoreLocation Store, string Directory) : IRequest<Neo4jExport>;

internal sealed class ExportNeo4jHandler : IRequestHandler<ExportNeo4j, Neo4jExport>
{
    public Task<Neo4jExport> Handle(ExportNeo4j request, CancellationToken cancellationToken) =>
        Task.Run(() => Neo4jImportExport.Write(request.Store.Target, request.Directory, cancellationToken), cancellationToken);
}

internal sealed class ExportNeo4jValidator : AbstractValidator<ExportNeo4j>
{
    public ExportNeo4jValidator()
    {
        RuleFor(r => r.Store).Cascade(CascadeMode.Stop).NotNull().WithName("--store")
            .Must(s => s.Kind == StoreKind.Sqlite).WithMessage("--store must be an embedded store (sqlite:PATH); a Neo4j store is already in Neo4j.")
            .Must(s => File.Exists(s.Target)).WithMessage(s => $"--store: there is no store file {s.Store.Target}.");
        RuleFor(r => r.Directory).NotEmpty().WithName("--out")
            .Must(d => !Directory.Exists(d) || !Directory.EnumerateFileSystemEntries(d).Any(e => !e.EndsWith(".csv", StringComparison.Ordinal) && !e.EndsWith("import.sh", StringComparison.Ordinal)))
            .WithMessage(r => $"--out: {r.Directory} holds files other than an earlier export; choose an empty folder.");
    }
}
