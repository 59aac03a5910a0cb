using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>Index arithmetic for build-time evaluation over static shapes.</summary>
    internal static class Indexing
    {
        /// <summary>For each element of <paramref name="output"/> (row-major), the index of the <paramref name="input"/> element broadcast to it.</summary>
        public static long[] BroadcastIndices(Shape input, Shape output)
        {
            var strides = Broadcasting.Strides(input, output);
            var dims = output.ToStatic();
            long count = output.ElementCount.Value;
            var result = new long[count];
            var idx = new long[dims.Length];
            for (long i = 0; i < count; i++)
            {
                long src = 0;
                for (int d = 0; d < dims.Length; d++) src += idx[d] * strides[d].Value;
                result[i] = src;
                for (int d = dims.Length - 1; d >= 0; d--)
                {
                    if (++idx[d] < dims[d]) break;
                    idx[d] = 0;
                }
            }
            return result;
        }

        /// <summary>Row-major strides of static dims.</summary>
        public static long[] Strides(long[] dims)
        {
            var s = new long[dims.Length];
            for (long acc = 1, i = dims.Length - 1; i >= 0; acc *= dims[i], i--) s[i] = acc;
            return s;
        }
    }
}
