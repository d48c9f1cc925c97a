using PerturbKG.Benchmarks.Ingestion;

// Benchmarks print numbers; they are never pass/fail tests. Run in Release:
//   dotnet run -c Release --project bench/PerturbKG.Benchmarks -- ingest [--scale primekg] [--work DIR]
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    IngestBenchmark.ChildCommand => await IngestBenchmark.RunChildAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PerturbKG.Benchmarks ingest [--scale tiny|small|medium|primekg] [--work DIR]");
    return 2;
}
