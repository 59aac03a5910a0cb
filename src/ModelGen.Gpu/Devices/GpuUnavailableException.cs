using System;

namespace ModelGen.Gpu.Devices;

/// <summary>
/// No usable CUDA device: thrown by <see cref="GpuDevices.OpenCuda"/> with the reason, so a caller can fall back to
/// the model's CPU class (<see cref="GpuDevices.FindCuda"/> gives the same answer without an exception).
/// </summary>
public sealed class GpuUnavailableException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and the error that caused it.</summary>
    public GpuUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public GpuUnavailableException()
        : base("No CUDA device was found.")
    {
    }
}
