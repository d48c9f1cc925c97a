using PerturbKG.Benchmarks.Ingestion;
using PerturbKG.Benchmarks.Model;

// Benchmarks print numbers; they are never pass/fail tests. Run in Release:
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- ingest [--scale primekg] [--work DIR]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- epoch [--pairs 12500] [--epochs 3] [--hidden 128] [--device cpu|cuda[:N]] [--baseline OLD.dll] [--profile]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- predict [--samples 300] [--work DIR]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- bolt [--rows 1000000] [--batch 10000]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- bolt-statements [--statements 2000] [--latency-ms 0,1,5]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- gctx [--signatures 100000] [--genes 12328] [--work DIR]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- chem [--compounds 20000] [--input FILE]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- jobs [--jobs 20] [--workers N] [--database sqlite|postgres:...] [--serve perturbkg.dll] [--baseline OLD/perturbkg.dll]
if (args.FirstOrDefault() is "epoch" && PerturbKG.Model.Torch.TorchRuntime.RelaunchWithFastAllocator(args) is { } exitCode)
{
    return exitCode;
}

return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    IngestBenchmark.ChildCommand => await IngestBenchmark.RunChildAsync(args[1..]),
    "epoch" => EpochBenchmark.Run(args[1..]),
    "predict" => await PerturbKG.Benchmarks.Predictions.PredictBenchmark.RunAsync(args[1..]),
    "bolt" => await PerturbKG.Benchmarks.Bolt.BoltSendBenchmark.RunAsync(args[1..]),
    "bolt-statements" => await PerturbKG.Benchmarks.Bolt.BoltStatementsBenchmark.RunAsync(args[1..]),
    "gctx" => await PerturbKG.Benchmarks.Ingestion.GctxBenchmark.RunAsync(args[1..]),
    PerturbKG.Benchmarks.Ingestion.GctxBenchmark.ChildCommand => PerturbKG.Benchmarks.Ingestion.GctxBenchmark.RunChild(args[1..]),
    "chem" => PerturbKG.Benchmarks.Chemistry.ChemistryBenchmark.Run(args[1..]),
    "jobs" => await PerturbKG.Benchmarks.Jobs.JobLatencyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PerturbKG.Benchmarks ingest [--scale tiny|small|medium|primekg] [--work DIR]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks epoch [--pairs N] [--epochs N] [--hidden N] [--device D] [--baseline OLD.dll] [--profile]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks predict [--samples N] [--work DIR]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks bolt [--rows N] [--batch N]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks bolt-statements [--statements N] [--latency-ms 0,1,5]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks gctx [--signatures N] [--genes N] [--work DIR]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks chem [--compounds N] [--input FILE]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks jobs [--jobs N] [--workers N] [--database sqlite|postgres:...] [--serve perturbkg.dll] [--baseline OLD.dll]");
    return 2;
}
