using System.Text.Json;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Gat;

namespace PerturbKG.IntegrationTests.Predictions;

/// <summary>The GAT's settings as a run's model file keeps them: every option round-trips, and older files still load.</summary>
public sealed class GatSettingsTests
{
    [Fact]
    public void Settings_RoundTripThePriorAndFeaturelessTypes()
    {
        var options = new GatOptions { Prior = true, FeaturelessTypes = new HashSet<string>(["Drug"]), Seed = 7 };

        var json = JsonSerializer.Serialize(GatSettings.From(options), RunArtifacts.Json);
        var back = JsonSerializer.Deserialize<GatSettings>(json, RunArtifacts.Json)!.ToOptions();

        Assert.True(back.Prior);
        Assert.Equal(["Drug"], back.FeaturelessTypes);
        Assert.Equal(7UL, back.Seed);
    }

    [Fact]
    public void Settings_WrittenBeforeThePriorExisted_LoadAsAModelWithoutOne()
    {
        const string json = """{"hidden":64,"heads":4,"layers":3,"dropout":0.3,"attentionDropout":0,"attentionSlope":0.2,"embeddedTypes":["Gene"],"embeddingScale":0.1,"seed":1}""";

        var options = JsonSerializer.Deserialize<GatSettings>(json, RunArtifacts.Json)!.ToOptions();

        Assert.False(options.Prior);
        Assert.Empty(options.FeaturelessTypes);
    }
}
