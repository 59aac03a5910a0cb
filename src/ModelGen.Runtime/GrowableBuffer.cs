using System;
using System.Runtime.InteropServices;

namespace ModelGen.Runtime
{
    /// <summary>
    /// Working memory for a tensor whose size only run time knows and that has no build-time bound (a loop's scan
    /// output, a tensor sized by values read from another tensor): it grows when a call needs more, keeping its
    /// contents, and never shrinks. A Predict call allocates only when one of these grows.
    /// </summary>
    public sealed class GrowableBuffer
    {
        private byte[] _bytes = Array.Empty<byte>();

        /// <summary>Makes room for <paramref name="count"/> elements, keeping what is already there.</summary>
        /// <param name="count">Elements needed.</param>
        public void Grow<T>(int count) where T : unmanaged
        {
            long needed = (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (needed <= _bytes.Length) return;
            var next = new byte[Math.Max(needed, Math.Min((long)_bytes.Length * 2, int.MaxValue))];
            _bytes.CopyTo(next, 0);
            _bytes = next;
        }

        /// <summary>Makes room for <paramref name="count"/> elements; the contents may be lost.</summary>
        /// <param name="count">Elements needed.</param>
        public void Reserve<T>(int count) where T : unmanaged
        {
            long needed = (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (needed > _bytes.Length) _bytes = new byte[needed];
        }

        /// <summary>The first <paramref name="count"/> elements.</summary>
        /// <param name="count">Elements (at most what was reserved).</param>
        public Span<T> Get<T>(int count) where T : unmanaged =>
            MemoryMarshal.Cast<byte, T>(_bytes.AsSpan()).Slice(0, count);
    }

    /// <summary>
    /// Derived weights: tensors computed from the model's weights once per process, when the first instance is
    /// constructed (BatchNormalization folded into Conv weights, constant subgraphs too large for literals), and
    /// shared by every instance after.
    /// </summary>
    public sealed class DerivedWeights
    {
        private readonly byte[] _bytes;

        /// <summary>Allocates the buffer (64-byte aligned regions are planned by the compiler).</summary>
        /// <param name="bytes">Size in bytes.</param>
        public DerivedWeights(long bytes)
        {
            if (bytes < 0 || bytes > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(bytes));
            _bytes = GC.AllocateUninitializedArray<byte>((int)bytes, pinned: true);
        }

        /// <summary>A typed view of <paramref name="count"/> elements at <paramref name="byteOffset"/>.</summary>
        /// <param name="byteOffset">Offset in bytes.</param>
        /// <param name="count">Elements.</param>
        public Span<T> Get<T>(long byteOffset, int count) where T : unmanaged =>
            MemoryMarshal.Cast<byte, T>(_bytes.AsSpan((int)byteOffset, checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())));
    }

    /// <summary>Integer arithmetic on dims that generated code needs beyond C#'s operators.</summary>
    public static class DimMath
    {
        /// <summary>⌊a / b⌋ for b &gt; 0 (C#'s / rounds toward zero).</summary>
        /// <param name="a">Numerator.</param>
        /// <param name="b">Positive divisor.</param>
        /// <returns>The floor of the quotient.</returns>
        public static int FloorDiv(int a, int b)
        {
            int q = a / b;
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
        }
    }
}
