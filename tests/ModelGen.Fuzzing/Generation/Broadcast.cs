using System;
using System.Linq;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>Numpy broadcasting over generated tensors; a symbolic axis only meets the same symbol or a fixed 1.</summary>
    internal static class Broadcast
    {
        public static bool Fits(GenTensor a, GenTensor b) => Shape(a.Dims, a.Symbols, b.Dims, b.Symbols) != null;

        public static (int[] Dims, string?[] Symbols)? Shape(int[] ad, string?[] asym, int[] bd, string?[] bsym)
        {
            int rank = Math.Max(ad.Length, bd.Length);
            var dims = new int[rank];
            var symbols = new string?[rank];
            for (int i = 0; i < rank; i++)
            {
                int ia = i - (rank - ad.Length), ib = i - (rank - bd.Length);
                int da = ia >= 0 ? ad[ia] : 1, db = ib >= 0 ? bd[ib] : 1;
                string? sa = ia >= 0 ? asym[ia] : null, sb = ib >= 0 ? bsym[ib] : null;
                if (sa != null || sb != null)
                {
                    if (sa == sb) { dims[i] = da; symbols[i] = sa; continue; }
                    if (sa == null && da == 1) { dims[i] = db; symbols[i] = sb; continue; }
                    if (sb == null && db == 1) { dims[i] = da; symbols[i] = sa; continue; }
                    return null;
                }
                if (da != db && da != 1 && db != 1) return null;
                dims[i] = Math.Max(da, db);
            }
            return (dims, symbols);
        }

        /// <summary>A shape <paramref name="t"/> broadcasts with: some leading axes dropped, some axes set to 1 (symbolic ones always).</summary>
        public static int[] CompatibleShape(GenContext c, GenTensor t)
        {
            int drop = c.Int(0, t.Rank);
            return t.Dims.Skip(drop).Select((d, i) => !t.IsStatic(i + drop) || c.Chance(0.3) ? 1 : d).ToArray();
        }

        public static int Max(params GenTensor[] ts) => ts.Max(t => t.Reduction);
    }
}
