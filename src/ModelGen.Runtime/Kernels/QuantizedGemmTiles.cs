using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The vector tiles of <see cref="QuantizedGemm"/>: Σ a'b' for 4 rows × 16 columns (8 int32 accumulators of 256 bits)
/// over the whole groups of 4 k of a packed panel, A's 4 bytes broadcast to every lane.
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
    /// AVX2 without VNNI, exactly: the even and the odd bytes of each lane are widened to int16 (A's zero-extended, B's
    /// sign-extended) and vpmaddwd adds their products in pairs into int32. vpmaddubsw would take the bytes as they
    /// are, but it saturates its int16 pair sums (255·127·2 > 32767) where the ONNX reference does not.
    /// </summary>
    private static class Widening
    {
        public static bool IsSupported => Avx2.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Tile(byte* a0, byte* a1, byte* a2, byte* a3, int k, bool flip, byte* panel, int* tile)
        {
            var x = Vector256.Create(flip ? (byte)0x80 : (byte)0);
            Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
            var low = Vector256.Create((short)0xFF);
            int groups = k / 4;
            for (int g = 0; g < groups; g++)
            {
                int p = 4 * g;
                var b0 = Vector256.Load((short*)(panel + g * 64));
                var b1 = Vector256.Load((short*)(panel + g * 64 + 32));
                Vector256<short> b0e = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(b0, 8), 8), b0o = Avx2.ShiftRightArithmetic(b0, 8);
                Vector256<short> b1e = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(b1, 8), 8), b1o = Avx2.ShiftRightArithmetic(b1, 8);
                var s = (Broadcast(a0 + p) ^ x).AsInt16();
                Vector256<short> se = s & low, so = Avx2.ShiftRightLogical(s, 8);
                c00 += Avx2.MultiplyAddAdjacent(se, b0e) + Avx2.MultiplyAddAdjacent(so, b0o); c01 += Avx2.MultiplyAddAdjacent(se, b1e) + Avx2.MultiplyAddAdjacent(so, b1o);
                s = (Broadcast(a1 + p) ^ x).AsInt16();
                se = s & low; so = Avx2.ShiftRightLogical(s, 8);
                c10 += Avx2.MultiplyAddAdjacent(se, b0e) + Avx2.MultiplyAddAdjacent(so, b0o); c11 += Avx2.MultiplyAddAdjacent(se, b1e) + Avx2.MultiplyAddAdjacent(so, b1o);
                s = (Broadcast(a2 + p) ^ x).AsInt16();
                se = s & low; so = Avx2.ShiftRightLogical(s, 8);
                c20 += Avx2.MultiplyAddAdjacent(se, b0e) + Avx2.MultiplyAddAdjacent(so, b0o); c21 += Avx2.MultiplyAddAdjacent(se, b1e) + Avx2.MultiplyAddAdjacent(so, b1o);
                s = (Broadcast(a3 + p) ^ x).AsInt16();
                se = s & low; so = Avx2.ShiftRightLogical(s, 8);
                c30 += Avx2.MultiplyAddAdjacent(se, b0e) + Avx2.MultiplyAddAdjacent(so, b0o); c31 += Avx2.MultiplyAddAdjacent(se, b1e) + Avx2.MultiplyAddAdjacent(so, b1o);
            }
            StoreTile(tile, c00, c01, c10, c11, c20, c21, c30, c31);
        }
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
