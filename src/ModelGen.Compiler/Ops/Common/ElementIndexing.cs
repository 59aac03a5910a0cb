using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// What GatherElements and ScatterElements (and Scatter) share: the index tensor has data's rank, each dim but
    /// the axis at most data's; its values index the axis (negative ones count from the end).
    /// </summary>
    internal static class ElementIndexing
    {
        /// <summary>Checks the index tensor's shape against data's where the dims are known; reports MG0201 otherwise.</summary>
        public static bool CheckShapes(InferContext c, Shape data, Shape indices, int axis, string what)
        {
            if (indices.Rank != data.Rank)
                return c.Fail(DiagnosticIds.ShapeMismatch, "'" + what + "' has rank " + indices.Rank + " but data has rank " + data.Rank + ".");
            for (int d = 0; d < data.Rank; d++)
                if (d != axis && indices[d].IsStatic && data[d].IsStatic && indices[d].Value > data[d].Value)
                    return c.Fail(DiagnosticIds.ShapeMismatch, "'" + what + "' dim " + d + " is " + indices[d] + ", more than data's " + data[d] + ".");
            return true;
        }

        /// <summary>Checks build-time index values of input <paramref name="input"/> against the axis length, when both are known.</summary>
        public static bool CheckIndices(InferContext c, int input, Dim axisLength, int axis)
        {
            var known = c.StaticInts(input);
            if (known == null || !axisLength.IsStatic) return true;
            long n = axisLength.Value;
            foreach (var i in known)
                if (i < -n || i >= n) return c.Fail(DiagnosticIds.ShapeMismatch, "index " + i + " is out of range for axis " + axis + " of size " + n + ".");
            return true;
        }

        /// <summary>For each index element (row-major), the flat offset of the data element it addresses; null if an index is out of range (left to run time, which reports it).</summary>
        public static long[]? Offsets(long[] data, long[] indexDims, int axis, long[] indices)
        {
            var strides = Indexing.Strides(data);
            var position = new long[indexDims.Length];
            var result = new long[indices.Length];
            for (int k = 0; k < indices.Length; k++)
            {
                long offset = 0;
                for (int d = 0; d < indexDims.Length; d++)
                {
                    long coordinate = d == axis ? (indices[k] < 0 ? indices[k] + data[axis] : indices[k]) : position[d];
                    if (coordinate < 0 || coordinate >= data[d]) return null;
                    offset += coordinate * strides[d];
                }
                result[k] = offset;
                for (int d = indexDims.Length - 1; d >= 0; d--)
                {
                    if (++position[d] < indexDims[d]) break;
                    position[d] = 0;
                }
            }
            return result;
        }
    }
}
