using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Runtime
{
    /// <summary>
    /// One block of working memory per model instance, carved into the slots the compiler planned.
    /// Allocated once from the pinned object heap and 64-byte aligned, so a Predict call allocates nothing.
    /// </summary>
    public sealed class Arena
    {
        private const int Alignment = 64;
        private byte[] _buffer;
        private int _start;

        /// <summary>Creates an arena of <paramref name="bytes"/> bytes.</summary>
        public Arena(int bytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bytes);
            _buffer = Allocate(bytes, out _start);
            Capacity = bytes;
        }

        /// <summary>Usable bytes.</summary>
        public int Capacity { get; private set; }

        /// <summary>Grows the arena to at least <paramref name="bytes"/> (models with symbolic dims call this when a call needs more).</summary>
        public void EnsureCapacity(int bytes)
        {
            if (bytes <= Capacity) return;
            _buffer = Allocate(bytes, out _start);
            Capacity = bytes;
        }

        /// <summary>A typed view of <paramref name="count"/> elements at <paramref name="byteOffset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<T> Get<T>(int byteOffset, int count) where T : unmanaged =>
            MemoryMarshal.Cast<byte, T>(_buffer.AsSpan(_start + byteOffset, checked(count * Unsafe.SizeOf<T>())));

        private static unsafe byte[] Allocate(int bytes, out int start)
        {
            // Pinned, so the address (and so the alignment) never changes.
            var buffer = GC.AllocateUninitializedArray<byte>(checked(bytes + Alignment), pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            start = (int)((Alignment - address % Alignment) % Alignment);
            return buffer;
        }
    }
}
