using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Reading a kernel call's operands as the build-time values the GPU renderers bake into launches and kernels
    /// (a GPU session exists only for static shapes, so every dim is a number here), and the row-major strides of a shape.
    /// </summary>
    internal static class GpuOperands
    {
        public static Value Buffer(KernelCall call, string name) => call.Operand<BufferOperand>(name).Value;

        public static long[] Static(KernelCall call, string name) => call.Operand<DimsOperand>(name).Values.Select(d => d.Value).ToArray();

        public static long Dim(KernelCall call, string name) => call.Operand<DimOperand>(name).Value.Value;

        public static bool Flag(KernelCall call, string name) => call.Operand<ScalarOperand>(name).Int != 0;

        /// <summary>Row-major element strides of a dense tensor of <paramref name="shape"/>.</summary>
        public static long[] RowMajor(long[] shape)
        {
            var s = new long[shape.Length];
            long run = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                s[d] = run;
                run *= shape[d];
            }
            return s;
        }
    }
}
