using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 8-bit integer product of MatMulInteger and QLinearMatMul: Y[i, j] = Σ_p (A[i, p] − za)·(B[p, j] − zb_j) in
/// int32, straight from the 8-bit operands (no widened copies), with za per tensor and zb per tensor or per column.
/// </summary>
/// <remarks>
/// The tiles multiply unsigned bytes of A by signed bytes of B four k at a time, as VNNI's vpdpbusd does, so the
/// operands are moved into those ranges first: a' = a + 128 for int8 A (a byte XOR 0x80) and b' = b − 128 for uint8 B,
/// with the zero points moved alike (za' = za + 128, zb' = zb − 128), which leaves every (a − za)(b − zb) unchanged.
/// Then Σ (a' − za')(b' − zb') = Σ a'b' − zb'·(Σ a' − k·za') − za'·Σ b', where Σ b' per column is computed when B is
/// packed (<see cref="PackB{TB}"/>, at load time for a weight) and Σ a' per row with each row tile. All of it is int32
/// arithmetic, exact modulo 2³² as the ONNX reference's int32 accumulator, so every path gives the same bits.
/// <para>
/// B is packed for the machine that loads it, into the same number of bytes either way: as bytes for vpdpbusd where
/// the CPU has AVX-VNNI, else as int16 pairs for vpmaddwd (<see cref="PairsLayout"/>), which the AVX2 tile reads with
/// no shifts and masks, its A rows widened to int16 once per row tile instead of once per panel.
/// </para>
/// </remarks>
public static partial class QuantizedGemm
{
    /// <summary>Columns per packed panel: two 256-bit vectors of int32.</summary>
    public const int Panel = 16;

    /// <summary>Rows of A per register tile.</summary>
    private const int MR = 4;

    /// <summary>
    /// Bytes <see cref="PackB{TB}"/> writes for a k × n B: per 16-column panel, ⌈k/4⌉ groups of 16 columns × 4 k as int16
    /// (the byte layout of the VNNI tile uses the first half).
    /// </summary>
    /// <param name="k">Rows of B.</param>
    /// <param name="n">Columns of B.</param>
    public static long PackedLength(int k, int n) => (long)((n + Panel - 1) / Panel) * ((k + 3) / 4) * GroupBytes;

    /// <summary>Bytes per group of 4 k of a panel in the int16 pair layout: 2 pairs × 16 columns × 2 int16.</summary>
    private const int GroupBytes = Panel * 4 * 2;

    /// <summary>Whether B is packed as int16 pairs (every machine without AVX-VNNI) rather than as bytes.</summary>
    private static bool PairsLayout => !Vnni.IsSupported;

    /// <summary>
    /// Packs B [k, n] (uint8 or int8, row-major) as b' into <see cref="PackedLength"/> bytes, zero past k and n, for
    /// panel jp, group g = k / 4, column c and k offset t = k mod 4: with AVX-VNNI as signed bytes at
    /// ((jp·⌈k/4⌉ + g)·16 + c)·4 + t, else as int16 at element (((jp·⌈k/4⌉ + g)·2 + t / 2)·16 + c)·2 + t mod 2.
    /// terms[j] = Σ_p b'[p, j] and terms[n + j] = zb'_j, the moved zero point of column j.
    /// </summary>
    /// <param name="b">B [k, n].</param>
    /// <param name="zeroPoint">B's zero point: empty (0), one value, or n values (per column).</param>
    /// <param name="packed">The packed panels.</param>
    /// <param name="terms">2n int32: the column sums, then the moved zero points.</param>
    /// <param name="k">Rows of B.</param>
    /// <param name="n">Columns of B.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<TB>(ReadOnlySpan<TB> b, ReadOnlySpan<TB> zeroPoint, Span<byte> packed, Span<int> terms, int k, int n)
        where TB : unmanaged, IBinaryInteger<TB>
    {
        int shift = Shift<TB>(128, 0);
        if (k < 0 || n < 0) throw new ArgumentException("Negative QuantizedGemm dimension.");
        Simd.Need(b.Length, (long)k * n, nameof(b));
        Simd.Need(packed.Length, PackedLength(k, n), nameof(packed));
        Simd.Need(terms.Length, 2L * n, nameof(terms));
        if (zeroPoint.Length > 1 && zeroPoint.Length != n) throw new ArgumentException($"B's zero point has {zeroPoint.Length} values; expected 1 or {n}.", nameof(zeroPoint));
        int k4 = (k + 3) / 4;
        bool pairs = PairsLayout;
        packed.Slice(0, (int)PackedLength(k, n)).Clear();
        terms.Slice(0, n).Clear();
        var shorts = MemoryMarshal.Cast<byte, short>(packed);
        // Row by row of B (its elements in memory order), each column's sum growing in terms[j].
        for (int p = 0; p < k; p++)
        {
            var row = b.Slice(p * n, n);
            for (int j = 0; j < n; j++)
            {
                int v = int.CreateTruncating(row[j]) - shift;
                terms[j] += v;
                int group = (j / Panel) * k4 + p / 4, c = j % Panel;
                // Bytes: group, column, k offset. Pairs: group, pair (k offsets 0–1, 2–3), column, offset in the pair.
                if (pairs) shorts[((group * 2 + (p % 4) / 2) * Panel + c) * 2 + p % 2] = (short)v;
                else packed[(group * Panel + c) * 4 + p % 4] = (byte)(sbyte)v;
            }
        }
        for (int j = 0; j < n; j++)
        {
            int zp = zeroPoint.IsEmpty ? 0 : int.CreateTruncating(zeroPoint[zeroPoint.Length == 1 ? 0 : j]);
            terms[n + j] = zp - shift;
        }
    }

    /// <summary>
    /// Y [rows, n] (int32) = (A − za)·(B − zb) for A [rows, k] (uint8 or int8) and B as <see cref="PackB{TB}"/> packed it.
    /// </summary>
    /// <param name="a">A [rows, k].</param>
    /// <param name="zeroPoint">A's zero point: empty (0) or one value.</param>
    /// <param name="packed">B packed by <see cref="PackB{TB}"/>.</param>
    /// <param name="terms">B's column terms from <see cref="PackB{TB}"/>.</param>
    /// <param name="y">Y [rows, n].</param>
    /// <param name="rows">Rows of A and Y.</param>
    /// <param name="n">Columns of B and Y.</param>
    /// <param name="k">Depth of the product.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static unsafe void Run<TA>(ReadOnlySpan<TA> a, ReadOnlySpan<TA> zeroPoint, ReadOnlySpan<byte> packed, ReadOnlySpan<int> terms, Span<int> y,
        int rows, int n, int k, ParallelRange? threads = null) where TA : unmanaged, IBinaryInteger<TA>
    {
        bool flip = Shift<TA>(0, 128) != 0;
        if (rows < 0 || n < 0 || k < 0) throw new ArgumentException("Negative QuantizedGemm dimension.");
        Simd.Need(a.Length, (long)rows * k, nameof(a));
        Simd.Need(packed.Length, PackedLength(k, n), nameof(packed));
        Simd.Need(terms.Length, 2L * n, nameof(terms));
        Simd.Need(y.Length, (long)rows * n, nameof(y));
        if (zeroPoint.Length > 1) throw new ArgumentException($"A's zero point has {zeroPoint.Length} values; expected one.", nameof(zeroPoint));
        if (rows == 0 || n == 0) return;
        int za = (zeroPoint.IsEmpty ? 0 : int.CreateTruncating(zeroPoint[0])) + (flip ? 128 : 0);
        int tiles = (rows + MR - 1) / MR;
        // Four multiply-adds per vpdpbusd lane: a quarter of a float product's work per element.
        int parts = ParallelRange.PartsFor(threads, tiles, (long)rows * n * k / 4);
        fixed (TA* pa = a)
        fixed (byte* pp = packed)
        fixed (int* pt = terms, py = y)
        {
            var job = new RowTiles { A = (byte*)pa, Packed = pp, Terms = pt, Y = py, Rows = rows, N = n, K = k, Za = za, Flip = flip };
            if (parts > 1) ParallelRange.Run(threads!, tiles, parts, job);
            else job.Execute(0, tiles, 0);
        }
    }

    /// <summary>How far an 8-bit type's values move into the tiles' range: <paramref name="ifUnsigned"/> for uint8, <paramref name="ifSigned"/> for int8.</summary>
    private static int Shift<T>(int ifUnsigned, int ifSigned) =>
        typeof(T) == typeof(byte) ? ifUnsigned
        : typeof(T) == typeof(sbyte) ? ifSigned
        : throw new NotSupportedException("QuantizedGemm takes uint8 and int8 operands, not " + typeof(T).Name + ".");

    /// <summary>Row tiles [start, end): per tile Σ a' of each row, then every panel's product and the zero-point terms.</summary>
    private unsafe struct RowTiles : IRangeJob
    {
        public byte* A, Packed;
        public int* Terms, Y;
        public int Rows, N, K, Za;
        public bool Flip;

        public readonly void Execute(int start, int end, int part)
        {
            if (PairsLayout) ExecutePairs(start, end);
            else ExecuteBytes(start, end);
        }

        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void ExecuteBytes(int start, int end)
        {
            int* tile = stackalloc int[MR * Panel];
            int* rowTerm = stackalloc int[MR];
            int k4 = (K + 3) / 4, panels = (N + Panel - 1) / Panel;
            for (int t = start; t < end; t++)
            {
                int r0 = t * MR, mr = Math.Min(MR, Rows - r0);
                // Rows past mr alias row r0: computed and discarded, so the tiles have no row branches.
                byte* a0 = A + (nint)r0 * K;
                byte* a1 = mr > 1 ? a0 + K : a0, a2 = mr > 2 ? a0 + 2 * (nint)K : a0, a3 = mr > 3 ? a0 + 3 * (nint)K : a0;
                for (int r = 0; r < mr; r++) rowTerm[r] = RowSum(a0 + (nint)r * K, K, Flip) - K * Za;
                for (int jp = 0; jp < panels; jp++)
                {
                    byte* panel = Packed + (nint)jp * k4 * Panel * 4;
                    Vnni.Tile(a0, a1, a2, a3, K, Flip, panel, tile);
                    // The tile leaves the partial last group (it would read past A's last row).
                    if ((K & 3) != 0) AddProducts(a0, a1, a2, a3, K & ~3, K, Flip, panel, tile);
                    int j0 = jp * Panel;
                    Store(tile, Y + (nint)r0 * N + j0, N, mr, Math.Min(Panel, N - j0), rowTerm, Terms + j0, Terms + N + j0, Za, false, true);
                }
            }
        }

        /// <summary>
        /// The int16 pair layout: each row tile's A is widened (a' as int16, zero past k) <see cref="PairChunk"/> k at a
        /// time into scratch and multiplied with every panel; Y holds the sums between chunks.
        /// </summary>
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void ExecutePairs(int start, int end)
        {
            int* tile = stackalloc int[MR * Panel];
            int* rowTerm = stackalloc int[MR];
            short* wide = stackalloc short[MR * PairChunk];
            int k4 = (K + 3) / 4, panels = (N + Panel - 1) / Panel, x = Flip ? 0x80 : 0;
            for (int t = start; t < end; t++)
            {
                int r0 = t * MR, mr = Math.Min(MR, Rows - r0);
                for (int r = 0; r < mr; r++) rowTerm[r] = RowSum(A + (nint)(r0 + r) * K, K, Flip) - K * Za;
                for (int q0 = 0; q0 < K; q0 += PairChunk)
                {
                    int kq = Math.Min(PairChunk, K - q0), groups = (kq + 3) / 4;
                    // Rows past mr widen row r0 again: computed and discarded, as in the byte tiles.
                    for (int r = 0; r < MR; r++) Widen(A + (nint)(r0 + (r < mr ? r : 0)) * K + q0, kq, x, wide + r * PairChunk);
                    for (int jp = 0; jp < panels; jp++)
                    {
                        byte* panel = Packed + ((nint)jp * k4 + q0 / 4) * GroupBytes;
                        if (Widening.IsSupported) Widening.Tile(wide, PairChunk, groups, panel, tile);
                        else PairProducts(wide, PairChunk, groups, panel, tile);
                        int j0 = jp * Panel;
                        Store(tile, Y + (nint)r0 * N + j0, N, mr, Math.Min(Panel, N - j0), rowTerm, Terms + j0, Terms + N + j0, Za, q0 > 0, q0 + kq >= K);
                    }
                }
            }
        }
    }

    /// <summary>k per widened chunk of a row tile's A (a multiple of 4): 4 rows of it are 32 KB of stack.</summary>
    private const int PairChunk = 4096;

    /// <summary>dst[0, ⌈kq/4⌉·4) = a' (a, or a XOR 0x80 for int8) as int16, zero past kq.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Widen(byte* src, int kq, int flip, short* dst)
    {
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create((byte)flip);
            for (; p + 32 <= kq; p += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Load(src + p) ^ mask);
                lo.AsInt16().Store(dst + p);
                hi.AsInt16().Store(dst + p + 16);
            }
        }
        for (; p < kq; p++) dst[p] = (short)(src[p] ^ flip);
        for (; (p & 3) != 0; p++) dst[p] = 0;
    }

    /// <summary>
    /// The scalar twin of <see cref="Widening.Tile"/>: Σ a'b' over the groups of a chunk for 4 rows × 16 columns of a
    /// panel in the pair layout, into the tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PairProducts(short* wide, int stride, int groups, byte* panel, int* tile)
    {
        short* b = (short*)panel;
        for (int r = 0; r < MR; r++)
            for (int c = 0; c < Panel; c++)
            {
                int sum = 0;
                for (int p = 0; p < groups * 4; p++) sum += wide[r * stride + p] * b[(((p / 4) * 2 + (p % 4) / 2) * Panel + c) * 2 + p % 2];
                tile[r * Panel + c] = sum;
            }
    }

    /// <summary>Σ a' over one row of k bytes (a' = a, or a XOR 0x80 for int8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowSum(byte* row, int k, bool flip)
    {
        int sum = 0, p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Widen 32 bytes to ushort and add: 128 steps of at most 255 per ushort lane stay below 65536.
            var mask = Vector256.Create(flip ? (byte)0x80 : (byte)0);
            while (p + 32 <= k)
            {
                var acc = Vector256<ushort>.Zero;
                for (int steps = 0; steps < 128 && p + 32 <= k; steps++, p += 32)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Load(row + p) ^ mask);
                    acc += lo + hi;
                }
                var (l, h) = Vector256.Widen(acc);
                sum += (int)Vector256.Sum(l + h);
            }
        }
        for (; p < k; p++) sum += flip ? row[p] ^ 0x80 : row[p];
        return sum;
    }

    /// <summary>
    /// The valid mr × nc part of a tile of Σ a'b' into Y, added to what Y holds when <paramref name="accumulate"/> (a
    /// later k chunk); when <paramref name="finish"/> (the last), minus zb'_j·rowTerm_i and za'·Σ b'_j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Store(int* tile, int* y, int ldy, int mr, int nc, int* rowTerm, int* colSum, int* colZero, int za, bool accumulate, bool finish)
    {
        if (Vector256.IsHardwareAccelerated && nc == Panel)
        {
            var z0 = Vector256.Load(colZero); var z1 = Vector256.Load(colZero + 8);
            var s0 = Vector256.Load(colSum) * za; var s1 = Vector256.Load(colSum + 8) * za;
            for (int r = 0; r < mr; r++)
            {
                int* dst = y + (nint)r * ldy;
                var v0 = Vector256.Load(tile + r * Panel); var v1 = Vector256.Load(tile + r * Panel + 8);
                if (accumulate) { v0 += Vector256.Load(dst); v1 += Vector256.Load(dst + 8); }
                if (finish) { int rt = rowTerm[r]; v0 = v0 - z0 * rt - s0; v1 = v1 - z1 * rt - s1; }
                v0.Store(dst);
                v1.Store(dst + 8);
            }
            return;
        }
        for (int r = 0; r < mr; r++)
            for (int c = 0; c < nc; c++)
            {
                int v = tile[r * Panel + c] + (accumulate ? y[(nint)r * ldy + c] : 0);
                y[(nint)r * ldy + c] = finish ? v - colZero[c] * rowTerm[r] - za * colSum[c] : v;
            }
    }

    /// <summary>
    /// Adds Σ a'b' over k in [from, to) for 4 rows × 16 columns of a panel in the byte layout to a tile, one byte at a
    /// time (only those bytes of each row are read): the VNNI tile's partial last group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddProducts(byte* a0, byte* a1, byte* a2, byte* a3, int from, int to, bool flip, byte* panel, int* tile)
    {
        int x = flip ? 0x80 : 0;
        for (int r = 0; r < MR; r++)
        {
            byte* row = r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : a3;
            for (int c = 0; c < Panel; c++)
            {
                int sum = 0;
                for (int p = from; p < to; p++) sum += (row[p] ^ x) * (sbyte)panel[((p / 4) * Panel + c) * 4 + p % 4];
                tile[r * Panel + c] += sum;
            }
        }
    }
}
