using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using ILGPU;

namespace ModelGen.Gpu.Devices;

/// <summary>
/// Points ILGPU's P/Invokes of "cuda" at the NVIDIA driver's versioned <c>libcuda.so.1</c>.
/// </summary>
/// <remarks>
/// ILGPU asks for "cuda", which the loader resolves to an unversioned <c>libcuda.so</c>; only the CUDA -dev packages
/// install that link, while every driver install has <c>libcuda.so.1</c>. Without this a machine with a working
/// driver but no toolkit would report no GPU.
/// </remarks>
internal static class CudaLibraryResolver
{
    private const string CudaName = "cuda";
    private const string DriverLibrary = "libcuda.so.1";
    private static int registered;

    /// <summary>Installs the resolver on ILGPU's assembly, once per process (the runtime allows one per assembly).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, Resolve);
        }
    }

    /// <summary>Whether the driver library loads at all (a reason for the "no CUDA device" message).</summary>
    public static bool DriverLoads()
    {
        if (!OperatingSystem.IsLinux())
        {
            return NativeLibrary.TryLoad("nvcuda", out _);
        }

        return NativeLibrary.TryLoad(DriverLibrary, out _);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == CudaName && OperatingSystem.IsLinux() && NativeLibrary.TryLoad(DriverLibrary, out IntPtr handle))
        {
            return handle;
        }

        // Zero falls back to the runtime's default probing (Windows' nvcuda.dll, OpenCL, ...).
        return IntPtr.Zero;
    }
}
