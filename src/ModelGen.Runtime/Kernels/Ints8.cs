namespace ModelGen.Runtime.Kernels;

/// <summary>Up to 8 ints held inline (shapes, strides of a job struct that threads read from the caller's stack).</summary>
[System.Runtime.CompilerServices.InlineArray(8)]
internal struct Ints8
{
    private int _element;
}
