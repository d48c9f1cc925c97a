using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Baselines;

/// <summary>A two-hidden-layer MLP from fixed pair inputs to the 978-gene delta (plus the pair's offset).</summary>
public sealed class MlpModel : IPerturbationModel
{
    private readonly PairInputs _inputs;
    private readonly Tensor _w1, _b1, _w2, _b2, _w3, _b3;
    private readonly float _dropout;
    private readonly DeterministicRandom _random;

    public MlpModel(string name, PairInputs inputs, int genes, int hidden, float dropout, ulong seed)
    {
        Name = name;
        _inputs = inputs;
        var random = new DeterministicRandom(seed);
        _w1 = Init.Kaiming(Math.Max(1, inputs.Width), hidden, random);
        _b1 = Init.Constant(1, hidden, 0f);
        _w2 = Init.Kaiming(hidden, hidden, random);
        _b2 = Init.Constant(1, hidden, 0f);
        _w3 = Init.Xavier(hidden, genes, random);
        _b3 = Init.Constant(1, genes, 0f);
        _dropout = dropout;
        _random = random.Fork("dropout");
        Parameters = [_w1, _b1, _w2, _b2, _w3, _b3];
    }

    public string Name { get; }

    public IReadOnlyList<Tensor> Parameters { get; }

    public Tensor Predict(Tape tape, PairBatch batch)
    {
        var x = _inputs.Assemble(batch);
        if (x.Cols == 0)
        {
            x = new Tensor(batch.Count, 1);
        }

        var h = tape.Dropout(tape.Relu(tape.Linear(x, _w1, _b1)), _dropout, _random);
        h = tape.Dropout(tape.Relu(tape.Linear(h, _w2, _b2)), _dropout, _random);
        return batch.Frame(tape, tape.Linear(h, _w3, _b3));
    }
}
