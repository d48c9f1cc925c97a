using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PerturbKG.Model.Torch;

/// <summary>
/// A CPU tensor's float32 storage read in place, through TorchSharp's <c>bytes</c> view (which checks that the tensor
/// is contiguous, on the CPU and under 2 GB). TorchSharp 0.107's <c>data&lt;T&gt;().ToArray()</c> copies element by
/// element through an index enumerator (about a second per 100M values here); these copy with memcpy, and let managed
/// kernels (the GAT's custom autograd functions) read and write a tensor without copying at all.
/// </summary>
public static unsafe class TensorMemory
{
    /// <summary>The values of a tensor of any device, shape and layout, as float32, in row-major order.</summary>
    public static float[] ToArray(torch.Tensor tensor)
    {
        using var cpu = tensor.detach().to(torch.float32).cpu().contiguous();
        return MemoryMarshal.Cast<byte, float>(cpu.bytes).ToArray();
    }

    /// <summary>
    /// The first element of a contiguous float32 CPU tensor's storage; valid while the tensor lives. Callers check the
    /// element type.
    /// </summary>
    public static float* Pointer(torch.Tensor tensor) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.bytes));
}
