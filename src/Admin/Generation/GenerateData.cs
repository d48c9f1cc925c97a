using FluentValidation;
using MediatR;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.Admin.Generation;

/// <summary>Writes a deterministic synthetic dataset in the real file formats.</summary>
internal sealed record GenerateData(string OutputDirectory, GeneratorScale Scale, ulong Seed, IProgress<string>? Progress = null)
    : IRequest<GeneratedDataset>;

internal sealed class GenerateDataHandler(SyntheticDataGenerator generator) : IRequestHandler<GenerateData, GeneratedDataset>
{
    public Task<GeneratedDataset> Handle(GenerateData request, CancellationToken cancellationToken) =>
        Task.Run(() => generator.Generate(request.OutputDirectory, request.Scale, request.Seed, request.Progress), cancellationToken);
}

internal sealed class GenerateDataValidator : AbstractValidator<GenerateData>
{
    public GenerateDataValidator()
    {
        RuleFor(r => r.OutputDirectory).NotEmpty().WithName("--out");
        RuleFor(r => r.OutputDirectory)
            .Must(d => !File.Exists(d))
            .WithName("--out")
            .WithMessage(r => $"--out must be a folder, but {r.OutputDirectory} is a file.");
        RuleFor(r => r.Scale).IsInEnum().WithName("--scale");
    }
}
