using System.Diagnostics.CodeAnalysis;

namespace ModelGen.Gpu.Devices;

/// <summary>The outcome of looking for a CUDA device: the device, or why there is none.</summary>
public readonly struct GpuDeviceChoice
{
    private GpuDeviceChoice(GpuDevice? device, string reason)
    {
        Device = device;
        Reason = reason;
    }

    /// <summary>The opened device, or null when none was found (then the caller owns nothing).</summary>
    public GpuDevice? Device { get; }

    /// <summary>What was found, or why nothing was: a sentence to show a user.</summary>
    public string Reason { get; }

    /// <summary>Whether a device was opened.</summary>
    [MemberNotNullWhen(true, nameof(Device))]
    public bool IsAvailable => Device is not null;

    internal static GpuDeviceChoice Found(GpuDevice device) => new(device, $"Using CUDA device {device.Name}.");

    internal static GpuDeviceChoice None(string reason) => new(null, reason);
}
