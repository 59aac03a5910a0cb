using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The vector tiles of <see cref="QuantizedGemm"/>: Σ a'b' for 4 rows × 16 columns (8 int32 accumulators of 256 bits)
/// over the whole groups of 4 k of a packed panel, A's 4 bytes (VNNI) or 2 int16 (AVX2) broadcast to every lane.
/// </summary>
public static partial class QuantizedGemm
{
    /// <summary>
    /// AVX-VNNI: vpdpbusd multiplies 4 unsigned bytes by 4 signed bytes per lane and adds the 4 products to the int32
    /// lane, with no intermediate saturation. .NET 10 exposes it for 256-bit vectors only (AvxVnni); its VEX
    /// encoding reaches ymm0–15, which the 8 accumulators, 2 B vectors and the broadcast fit.
    /// </summary>
    private static class Vnni
    {
        public static bool IsSupported => AvxVnni.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Tile(byte* a0, byte* a1, byte* a2, byte* a3, int k, bool flip, byte* panel, int* tile)
        {
            var x = Vector256.Create(flip ? (byte)0x80 : (byte)0);
            Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
            // The body written out, with no call in the loop: the accumulators stay in registers. The partial last group
            // is QuantizedGemm.AddProducts'.
            int groups = k / 4;
            for (int g = 0; g < groups; g++)
            {
                int p = 4 * g;
                var b0 = Vector256.Load((sbyte*)panel + g * 64);
                var b1 = Vector256.Load((sbyte*)panel + g * 64 + 32);
                var s = Broadcast(a0 + p) ^ x;
                c00 = AvxVnni.MultiplyWideningAndAdd(c00, s, b0); c01 = AvxVnni.MultiplyWideningAndAdd(c01, s, b1);
                s = Broadcast(a1 + p) ^ x;
                c10 = AvxVnni.MultiplyWideningAndAdd(c10, s, b0); c11 = AvxVnni.MultiplyWideningAndAdd(c11, s, b1);
                s = Broadcast(a2 + p) ^ x;
                c20 = AvxVnni.MultiplyWideningAndAdd(c20, s, b0); c21 = AvxVnni.MultiplyWideningAndAdd(c21, s, b1);
                s = Broadcast(a3 + p) ^ x;
                c30 = AvxVnni.MultiplyWideningAndAdd(c30, s, b0); c31 = AvxVnni.MultiplyWideningAndAdd(c31, s, b1);
            }
            StoreTile(tile, c00, c01, c10, c11, c20, c21, c30, c31);
        }
    }

    /// <summary>
    /// AVX2 without VNNI, exactly: B packed as int16 pairs (k offsets 0–1 and 2–3 of each group, per column) and A
    /// widened to int16, so vpmaddwd multiplies a pair of A, broadcast to every lane, by each column's pair of B and
    /// adds the two products into int32. vpmaddubsw would take the bytes as they are, but it saturates its int16 pair
    /// sums (255·127·2 > 32767) where the ONNX reference does not. With both operands laid out ahead, a group of 4 k
    /// is 4 loads of B and per row 2 broadcasts, 4 multiply-adds and 4 adds, where splitting the bytes in the loop
    /// took as many shifts and masks again.
    /// </summary>
    private static class Widening
    {
        public static bool IsSupported => Avx2.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Tile(short* wide, int stride, int groups, byte* panel, int* tile)
        {
            Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
            short* a0 = wide, a1 = wide + stride, a2 = wide + 2 * stride, a3 = wide + 3 * stride;
            short* b = (short*)panel;
            // The body written out, with no call in the loop: the accumulators stay in registers.
            for (int g = 0; g < groups; g++, b += 64)
            {
                int p = 4 * g;
                // Pair 0 (k offsets 0–1) for columns 0–7 and 8–15, then pair 1 (k offsets 2–3).
                var b00 = Vector256.Load(b); var b01 = Vector256.Load(b + 16);
                var b10 = Vector256.Load(b + 32); var b11 = Vector256.Load(b + 48);
                var s0 = Pair(a0 + p); var s1 = Pair(a0 + p + 2);
                c00 += Avx2.MultiplyAddAdjacent(s0, b00) + Avx2.MultiplyAddAdjacent(s1, b10); c01 += Avx2.MultiplyAddAdjacent(s0, b01) + Avx2.MultiplyAddAdjacent(s1, b11);
                s0 = Pair(a1 + p); s1 = Pair(a1 + p + 2);
                c10 += Avx2.MultiplyAddAdjacent(s0, b00) + Avx2.MultiplyAddAdjacent(s1, b10); c11 += Avx2.MultiplyAddAdjacent(s0, b01) + Avx2.MultiplyAddAdjacent(s1, b11);
                s0 = Pair(a2 + p); s1 = Pair(a2 + p + 2);
                c20 += Avx2.MultiplyAddAdjacent(s0, b00) + Avx2.MultiplyAddAdjacent(s1, b10); c21 += Avx2.MultiplyAddAdjacent(s0, b01) + Avx2.MultiplyAddAdjacent(s1, b11);
                s0 = Pair(a3 + p); s1 = Pair(a3 + p + 2);
                c30 += Avx2.MultiplyAddAdjacent(s0, b00) + Avx2.MultiplyAddAdjacent(s1, b10); c31 += Avx2.MultiplyAddAdjacent(s0, b01) + Avx2.MultiplyAddAdjacent(s1, b11);
            }
            StoreTile(tile, c00, c01, c10, c11, c20, c21, c30, c31);
        }

        /// <summary>The two int16 at <paramref name="p"/> in every int32 lane (vpbroadcastd from memory).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe Vector256<short> Pair(short* p) => Vector256.Create(Unsafe.ReadUnaligned<int>(p)).AsInt16();
    }

    /// <summary>The 4 bytes at <paramref name="p"/> in every int32 lane (vpbroadcastd from memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<byte> Broadcast(byte* p) => Vector256.Create(Unsafe.ReadUnaligned<int>(p)).AsByte();

    private static unsafe void StoreTile(int* tile, Vector256<int> c00, Vector256<int> c01, Vector256<int> c10, Vector256<int> c11,
        Vector256<int> c20, Vector256<int> c21, Vector256<int> c30, Vector256<int> c31)
    {
        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + Panel); c11.Store(tile + Panel + 8);
        c20.Store(tile + 2 * Panel); c21.Store(tile + 2 * Panel + 8);
        c30.Store(tile + 3 * Panel); c31.Store(tile + 3 * Panel + 8);
    }
}
