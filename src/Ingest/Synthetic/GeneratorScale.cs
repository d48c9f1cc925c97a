namespace PerturbKG.Ingest.Synthetic;

/// <summary>How much synthetic data to generate.</summary>
public enum GeneratorScale
{
    /// <summary>Seconds to generate and load; for tests.</summary>
    Tiny,

    /// <summary>The demo: trains in minutes on two cores.</summary>
    Small,

    /// <summary>For latency benchmarks.</summary>
    Medium,

    /// <summary>PrimeKG's node and edge counts (129,375 nodes; 8,100,498 kg.csv rows), for ingestion benchmarks.</summary>
    PrimeKg,
}
