using PerturbKG.Benchmarks.Ingestion;
using PerturbKG.Benchmarks.Model;

// Benchmarks print numbers; they are never pass/fail tests. Run in Release:
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- ingest [--scale primekg] [--work DIR]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- gemm [--seconds 2]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- epoch [--pairs 12500] [--epochs 3] [--hidden 128] [--profile]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- path-term [--pairs 12500] [--drugs 256]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- layer [--hidden 128]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- predict [--samples 300] [--work DIR]
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- bolt [--rows 1000000] [--batch 10000]
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    IngestBenchmark.ChildCommand => await IngestBenchmark.RunChildAsync(args[1..]),
    "gemm" => await GemmBenchmark.RunAsync(args[1..]),
    "epoch" => EpochBenchmark.Run(args[1..]),
    "path-term" => PathTermBenchmark.Run(args[1..]),
    "layer" => LayerBenchmark.Run(args[1..]),
    "predict" => await PerturbKG.Benchmarks.Predictions.PredictBenchmark.RunAsync(args[1..]),
    "bolt" => await PerturbKG.Benchmarks.Bolt.BoltSendBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PerturbKG.Benchmarks ingest [--scale tiny|small|medium|primekg] [--work DIR]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks gemm [--seconds S]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks epoch [--pairs N] [--epochs N] [--hidden N] [--profile]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks path-term [--pairs N] [--drugs N]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks layer [--hidden N]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks predict [--samples N] [--work DIR]");
    Console.Error.WriteLine("       PerturbKG.Benchmarks bolt [--rows N] [--batch N]");
    return 2;
}
