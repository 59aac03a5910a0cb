using System;
using System.Collections.Generic;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Kernels;

/// <summary>Names one loaded kernel: its family and the struct types it is specialised over.</summary>
internal readonly record struct KernelKey(string Family, Type First, Type Second);

/// <summary>
/// The kernels one accelerator has loaded, each compiled and loaded once and then reused: ILGPU's own cache makes a
/// reload cheap (0.9 ms, GPU-NOTES) but not free, and every call would pay it.
/// </summary>
internal sealed class KernelCache
{
    private readonly Accelerator accelerator;
    private readonly Dictionary<KernelKey, Delegate> loaded = [];
    private readonly object gate = new();

    public KernelCache(Accelerator accelerator) => this.accelerator = accelerator;

    /// <summary>The number of distinct kernels loaded so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return loaded.Count;
            }
        }
    }

    /// <summary>The launcher for <paramref name="key"/>, loading it with <paramref name="load"/> the first time.</summary>
    public TLauncher GetOrLoad<TLauncher>(KernelKey key, Func<Accelerator, TLauncher> load)
        where TLauncher : Delegate
    {
        lock (gate)
        {
            if (!loaded.TryGetValue(key, out Delegate? launcher))
            {
                launcher = load(accelerator);
                loaded.Add(key, launcher);
            }

            return (TLauncher)launcher;
        }
    }

    /// <summary>
    /// The same, with the kernel passed as state so the loader can be a static lambda (a capturing one would allocate a
    /// closure on every call, cached or not).
    /// </summary>
    public TLauncher GetOrLoad<TKernel, TLauncher>(KernelKey key, TKernel kernel, Func<Accelerator, TKernel, TLauncher> load)
        where TLauncher : Delegate
    {
        lock (gate)
        {
            if (!loaded.TryGetValue(key, out Delegate? launcher))
            {
                launcher = load(accelerator, kernel);
                loaded.Add(key, launcher);
            }

            return (TLauncher)launcher;
        }
    }
}
