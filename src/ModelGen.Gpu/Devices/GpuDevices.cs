using System;
using System.Diagnostics.CodeAnalysis;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ModelGen.Gpu.Devices;

/// <summary>Opens the accelerators a GPU session runs on: a CUDA GPU, or ILGPU's CPU simulator for tests.</summary>
/// <remarks>
/// Every context enables ILGPU.Algorithms (without it XMath.Exp has no PTX implementation) and optimises at O2.
/// When no CUDA device exists the answer is a reason, not a crash: the caller falls back to the model's generated
/// CPU class, never to the CPU simulator, which is orders of magnitude slower.
/// </remarks>
public static class GpuDevices
{
    /// <summary>
    /// Opens the first CUDA device, or says why there is none (no driver, a driver with no device, an ILGPU error).
    /// Never throws for a missing GPU.
    /// </summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static GpuDeviceChoice FindCuda()
    {
        CudaLibraryResolver.EnsureRegistered();
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda().Optimize(OptimizationLevel.O2).EnableAlgorithms());
            if (context.GetCudaDevices().Count == 0)
            {
                string reason = CudaLibraryResolver.DriverLoads()
                    ? "No CUDA device was found: the NVIDIA driver (libcuda.so.1) loaded but reports no device."
                    : "No CUDA device was found: the NVIDIA driver library (libcuda.so.1) is not installed or does not load.";
                context.Dispose();
                return GpuDeviceChoice.None(reason + " Use the model's CPU class instead.");
            }

            Accelerator accelerator = context.GetCudaDevice(0).CreateAccelerator(context);
            return GpuDeviceChoice.Found(new GpuDevice(context, accelerator, GpuDeviceKind.Cuda));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            context?.Dispose();
            return GpuDeviceChoice.None(
                $"No CUDA device could be opened: {error.GetType().Name}: {error.Message} Use the model's CPU class instead.");
        }
    }

    /// <summary>Opens the first CUDA device, or throws <see cref="GpuUnavailableException"/> saying why there is none.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static GpuDevice OpenCuda()
    {
        GpuDeviceChoice choice = FindCuda();
        return choice.IsAvailable ? choice.Device : throw new GpuUnavailableException(choice.Reason);
    }

    /// <summary>
    /// Opens ILGPU's CPU accelerator with a small simulated device: a group holds at most
    /// <paramref name="threadsPerWarp"/>·<paramref name="warpsPerMultiprocessor"/> threads, and every simulated thread
    /// is an OS thread, so keep it small and the tensors small (tests only: it is an exact but slow simulator).
    /// </summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static GpuDevice OpenCpuSimulator(int threadsPerWarp = 4, int warpsPerMultiprocessor = 4, int multiprocessors = 2)
    {
        if (threadsPerWarp < 1 || warpsPerMultiprocessor < 1 || multiprocessors < 1)
        {
            throw new ArgumentException("The simulated device needs at least one thread per warp, warp and multiprocessor.");
        }

        var device = new CPUDevice(threadsPerWarp, warpsPerMultiprocessor, multiprocessors);
        Context context = Context.Create(b => b.CPU(device).Optimize(OptimizationLevel.O2).EnableAlgorithms());
        try
        {
            Accelerator accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
            return new GpuDevice(context, accelerator, GpuDeviceKind.CpuSimulator);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}
