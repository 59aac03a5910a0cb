using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// What GatherND and ScatterND share: the index tensor's last axis holds tuples of k coordinates into k data dims
    /// (negative ones count from the end), each addressing a slice of the dims after them.
    /// </summary>
    internal static class TupleIndexing
    {
        /// <summary>Checks build-time tuples of input <paramref name="input"/> against <paramref name="indexed"/> where those dims are known.</summary>
        public static bool CheckTuples(InferContext c, int input, IReadOnlyList<Dim> indexed)
        {
            var known = c.StaticInts(input);
            if (known == null || indexed.Count == 0) return true;
            for (int t = 0; t < known.Length; t++)
            {
                var d = indexed[t % indexed.Count];
                if (d.IsStatic && (known[t] < -d.Value || known[t] >= d.Value))
                    return c.Fail(DiagnosticIds.ShapeMismatch, "index " + known[t] + " is out of range for a dim of size " + d.Value + ".");
            }
            return true;
        }

        /// <summary>
        /// The flat data offsets of each tuple's slice elements, in order, with data viewed as [batch, indexed..., inner]
        /// and the tuples as [batch, tuples, k]; null when an index is out of range (left to run time, which reports it).
        /// </summary>
        public static List<long>? SliceOffsets(long[] indices, long batch, long[] indexed, long tuples, long inner)
        {
            int k = indexed.Length;
            long block = indexed.Aggregate(1L, (a, b) => a * b) * inner;
            var result = new List<long>();
            for (long b = 0, t = 0; b < batch; b++)
                for (long j = 0; j < tuples; j++, t++)
                {
                    long offset = 0;
                    for (int a = 0; a < k; a++)
                    {
                        long i = indices[t * k + a];
                        if (i < 0) i += indexed[a];
                        if (i < 0 || i >= indexed[a]) return null;
                        offset = offset * indexed[a] + i;
                    }
                    for (long e = 0; e < inner; e++) result.Add(b * block + offset * inner + e);
                }
            return result;
        }
    }
}
