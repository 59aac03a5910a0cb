using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime
{
    /// <summary>
    /// A fast 64-bit content hash (FNV-1a over 8-byte words, then a final mix) that the compiler
    /// stamps into generated code and the runtime recomputes on a model file loaded at run time,
    /// so weights from a different file are refused instead of silently misread. Not cryptographic.
    /// This file is compiled into both the compiler (netstandard2.0) and the runtime.
    /// </summary>
#if MODELGEN_RUNTIME
    public
#else
    internal
#endif
    static class ContentHash
    {
        /// <summary>Hashes <paramref name="data"/>.</summary>
#if NETCOREAPP3_0_OR_GREATER
        // Optimised from the first call: it runs once per construction, over every weight byte (netstandard2.0, where
        // the compiler also builds this file, lacks the option).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        public static ulong Compute(ReadOnlySpan<byte> data)
        {
            const ulong prime = 0x100000001B3UL;
            ulong h = 0xCBF29CE484222325UL ^ (ulong)data.Length;
            int i = 0;
            for (; i + 8 <= data.Length; i += 8)
            {
                // The 8 bytes as a little-endian word, read at once (the byte-by-byte assembly it replaces gave the same
                // word at an eighth of the speed: BERT's 28 MB of weights took most of a construction's hashing time).
                ulong word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8));
                h = (h ^ word) * prime;
            }
            for (; i < data.Length; i++) h = (h ^ data[i]) * prime;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            return h;
        }
    }
}
