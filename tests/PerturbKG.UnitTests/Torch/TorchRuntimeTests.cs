using PerturbKG.Model.Torch;
using TorchSharp;

namespace PerturbKG.UnitTests.Torch;

/// <summary>libtorch loads on this machine (Debian 12 needs the build's waiver, ADR 005), and devices resolve as documented.</summary>
public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_RunsForwardAndBackward()
    {
        TorchRuntime.PrepareNativeEnvironment();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);

        (x * x).sum().backward();

        Assert.Equal([2f, 4f, 6f], x.grad!.data<float>().ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void ResolveDevice_GivesTheCpu_WhenAskedForIt(string spec) =>
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice(spec).type);

    [Fact]
    public void ResolveDevice_FallsBackToTheCpu_OnAutoWithoutCuda()
    {
        Assert.SkipWhen(torch.cuda.is_available(), "this machine has CUDA");

        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("auto").type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void ResolveDevice_RefusesCuda_WhenNoneIsAvailable(string spec)
    {
        Assert.SkipWhen(torch.cuda.is_available(), "this machine has CUDA");

        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice(spec));

        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    public void ResolveDevice_NamesTheChoices_ForAnUnknownDevice(string spec) =>
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice(spec));

    [Fact]
    public void Describe_RecordsVersionDeviceAndThreads()
    {
        TorchRuntime.UseThreads(2);

        var info = TorchRuntime.Describe(torch.CPU);

        Assert.StartsWith("2.10", info.Version, StringComparison.Ordinal);
        Assert.Equal("cpu", info.Device, ignoreCase: true);
        Assert.Equal(2, info.Threads);
    }

    [Fact]
    public void TestHost_RunsUnderJemalloc_WhereItIsInstalled()
    {
        Assert.SkipUnless(File.Exists("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"), "jemalloc is not installed");

        Assert.StartsWith("jemalloc", TorchRuntime.Allocator, StringComparison.Ordinal);
    }
}
