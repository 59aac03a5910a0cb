using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>Index arithmetic for build-time evaluation (folding) over static shapes.</summary>
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

        /// <summary>Copies elements of a tensor by index into a new tensor of <paramref name="dims"/>.</summary>
        public static TensorData Take(TensorData source, long[] dims, long[] indices)
        {
            int size = ElementTypes.SizeOf(source.Type);
            var raw = new byte[indices.Length * size];
            for (int i = 0; i < indices.Length; i++) System.Buffer.BlockCopy(source.Raw, (int)indices[i] * size, raw, i * size, size);
            return new TensorData(source.Type, dims, raw);
        }
    }
}
