namespace ModelGen.Gpu.Kernels;

/// <summary>
/// Up to eight sizes a generated kernel takes at run time: the element counts, dims and strides that depend on a
/// model's symbolic input dims (its batch, a sequence length). Every other size is a literal of the kernel's body; a
/// kernel with symbolic sizes takes one of these by value as its last parameter and reads <c>dims.D0</c>... (one
/// parameter whatever the number of sizes, so the kernel's delegate type stays within ILGPU's loader arity).
/// </summary>
public struct RunDims
{
    /// <summary>The sizes, in the order the generator numbered them.</summary>
    public long D0, D1, D2, D3, D4, D5, D6, D7;

    /// <summary>How many sizes one kernel can take.</summary>
    public const int Capacity = 8;
}
