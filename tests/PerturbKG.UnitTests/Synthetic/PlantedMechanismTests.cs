using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.UnitTests.Synthetic;

public sealed class PlantedMechanismTests
{
    // A path 0 - 1 - 2 - 3 - 4 with every gene a landmark.
    private readonly PlantedMechanism _path = new(5, [(0, 1), (1, 2), (2, 3), (3, 4)], [0, 1, 2, 3, 4], alpha: 0.5);

    [Fact]
    public void Response_ReachesTwoStepsFromTheTarget_AndNoFurther()
    {
        var response = _path.Response([(0, 1.0)]);

        // Â = D^-1/2 A D^-1/2 with degrees 1, 2, 2, 2, 1; α = 0.5. By hand:
        Assert.Equal(1 + (0.25 * 0.5), response[0], 5);                       // 0 → 1 → 0 comes back
        Assert.Equal(0.5 / Math.Sqrt(2), response[1], 5);                      // one step
        Assert.Equal(0.25 * (1 / Math.Sqrt(2)) * 0.5, response[2], 5);         // two steps
        Assert.Equal(0f, response[3]);
        Assert.Equal(0f, response[4]);
    }

    [Fact]
    public void Response_FlipsSign_WhenTheDrugInhibitsInsteadOfActivates()
    {
        var up = _path.Response([(2, 1.0)]);
        var down = _path.Response([(2, -1.0)]);

        Assert.Equal(up.Select(v => -v), down);
    }
}
