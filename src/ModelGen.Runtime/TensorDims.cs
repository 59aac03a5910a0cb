using System;
using System.Text;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime
{
    /// <summary>The dims of an output whose size only run time knows (up to rank 8), without allocating.</summary>
    public readonly struct TensorDims : IEquatable<TensorDims>
    {
        private readonly int _d0, _d1, _d2, _d3, _d4, _d5, _d6, _d7;

        /// <summary>Creates dims of the given sizes.</summary>
        /// <param name="dims">At most 8 non-negative sizes.</param>
        public TensorDims(params int[] dims)
        {
            ArgumentNullException.ThrowIfNull(dims);
            if (dims.Length > 8) throw new ArgumentException("At most 8 dims.", nameof(dims));
            Rank = dims.Length;
            int At(int i) => i < dims.Length ? dims[i] : 0;
            _d0 = At(0); _d1 = At(1); _d2 = At(2); _d3 = At(3); _d4 = At(4); _d5 = At(5); _d6 = At(6); _d7 = At(7);
        }

        /// <summary>Number of dims.</summary>
        public int Rank { get; }

        /// <summary>The size of dim <paramref name="axis"/>.</summary>
        /// <param name="axis">0 to Rank - 1.</param>
        public int this[int axis] =>
            (uint)axis >= (uint)Rank ? throw new ArgumentOutOfRangeException(nameof(axis)) :
            axis switch { 0 => _d0, 1 => _d1, 2 => _d2, 3 => _d3, 4 => _d4, 5 => _d5, 6 => _d6, _ => _d7 };

        /// <summary>The product of the dims.</summary>
        public long ElementCount
        {
            get
            {
                long p = 1;
                for (int i = 0; i < Rank; i++) p *= this[i];
                return p;
            }
        }

        /// <summary>The dims as an array.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int[] ToArray()
        {
            var a = new int[Rank];
            for (int i = 0; i < Rank; i++) a[i] = this[i];
            return a;
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Equals(TensorDims other)
        {
            if (Rank != other.Rank) return false;
            for (int i = 0; i < Rank; i++) if (this[i] != other[i]) return false;
            return true;
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TensorDims d && Equals(d);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Rank, _d0, _d1, _d2, _d3, _d4, _d5, HashCode.Combine(_d6, _d7));

        /// <summary>"[2,5]".</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string ToString()
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < Rank; i++) sb.Append(i > 0 ? "," : "").Append(this[i]);
            return sb.Append(']').ToString();
        }
    }

    /// <summary>One output of <see cref="ICompiledModel.Run(ReadOnlySpan{int}, ReadOnlyMemory{byte}[])"/>: its element bytes (strings in <see cref="StringTensor"/>'s encoding) and dims.</summary>
    public sealed class TensorBuffer
    {
        /// <summary>Creates the buffer.</summary>
        /// <param name="bytes">Little-endian element bytes.</param>
        /// <param name="dims">The dims.</param>
        public TensorBuffer(byte[] bytes, int[] dims)
        {
            Bytes = bytes;
            Dims = dims;
        }

        /// <summary>Little-endian element bytes, row-major.</summary>
        public byte[] Bytes { get; }

        /// <summary>The dims.</summary>
        public int[] Dims { get; }
    }
}
