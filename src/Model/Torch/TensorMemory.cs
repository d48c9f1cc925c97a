using System.Runtime.InteropServices;
using TorchSharp;

namespace PerturbKG.Model.Torch;

/// <summary>
/// A CPU tensor's float32 storage read in place. TorchSharp 0.107's <c>data&lt;T&gt;().ToArray()</c> copies element by
/// element through an index enumerator (about a second per 100M values here); these copy with memcpy, and let managed
/// kernels (the GAT's custom autograd functions) read and write a tensor without copying at all.
/// </summary>
public static unsafe partial class TensorMemory
{
    /// <summary>The values of a tensor of any device, shape and layout, as float32, in row-major order.</summary>
    public static float[] ToArray(torch.Tensor tensor)
    {
        using var cpu = tensor.detach().to(torch.float32).cpu().contiguous();
        var values = new float[cpu.numel()];
        new ReadOnlySpan<float>(Pointer(cpu), values.Length).CopyTo(values);
        return values;
    }

    /// <summary>
    /// The first element of a contiguous float32 CPU tensor's storage; valid while the tensor lives. Callers check
    /// device, type and contiguity.
    /// </summary>
    public static float* Pointer(torch.Tensor tensor) => (float*)Data(tensor.Handle);

    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial IntPtr Data(IntPtr tensor);
}
