using PerturbKG.Model.Data;
using PerturbKG.Model.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Baselines;

/// <summary>A two-hidden-layer MLP from fixed pair inputs to the 978-gene delta (plus the pair's offset).</summary>
public sealed class MlpModel : PerturbationModule
{
    private readonly PairInputs _inputs;
    private readonly double _dropout;
    private readonly Linear input;
    private readonly Linear hidden;
    private readonly Linear output;

    public MlpModel(string name, PairInputs inputs, int genes, int width, float dropout, ulong seed, Device? device = null)
        : base(name, device ?? CPU)
    {
        using var initialising = TorchRuntime.Initialisation.EnterScope();
        TorchRuntime.Seed(seed);
        _inputs = inputs;
        _dropout = dropout;
        input = nn.Linear(Math.Max(1, inputs.Width), width);
        hidden = nn.Linear(width, width);
        output = nn.Linear(width, genes);
        nn.init.kaiming_uniform_(input.weight, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.kaiming_uniform_(hidden.weight, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.xavier_uniform_(output.weight);
        foreach (var bias in new[] { input.bias, hidden.bias, output.bias })
        {
            nn.init.zeros_(bias);
        }

        RegisterComponents();
        this.to(Device);
    }

    public override Tensor Forward(PairBatch batch)
    {
        var x = _inputs.Assemble(batch);
        var features = x.Cols == 0 ? zeros(batch.Count, 1, device: Device) : x.ToTensor(Device);
        var h = Dropout(nn.functional.relu(input.forward(features)), _dropout, training, DropoutGenerator);
        h = Dropout(nn.functional.relu(hidden.forward(h)), _dropout, training, DropoutGenerator);
        return batch.Frame(output.forward(h));
    }
}
