using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Reading a kernel call's operands as the build-time values the GPU renderers bake into launches and kernels, and
    /// the row-major strides of a shape. <see cref="Static"/> and <see cref="Dim"/> read numbers: only for calls whose
    /// geometry is fixed (<see cref="IsStatic"/>), or operands that are static whatever the input dims.
    /// </summary>
    internal static class GpuOperands
    {
        public static Value Buffer(KernelCall call, string name) => call.Operand<BufferOperand>(name).Value;

        public static long[] Static(KernelCall call, string name) => call.Operand<DimsOperand>(name).Values.Select(d => d.Value).ToArray();

        public static long Dim(KernelCall call, string name) => call.Operand<DimOperand>(name).Value.Value;

        /// <summary>True when no dim of the call (its dim operands, its buffers' shapes) depends on a symbolic input dim.</summary>
        public static bool IsStatic(KernelCall call) => call.Operands.All(o => o switch
        {
            DimOperand d => d.Value.IsStatic,
            DimsOperand d => d.Values.All(v => v.IsStatic),
            BufferOperand b => b.Value.Shape == null || b.Value.Shape.IsStatic,
            _ => true,
        });

        /// <summary>True when every dim in <paramref name="dims"/> is a number.</summary>
        public static bool AllStatic(System.Collections.Generic.IEnumerable<Dim> dims) => dims.All(d => d.IsStatic);

        public static bool Flag(KernelCall call, string name) => call.Operand<ScalarOperand>(name).Int != 0;

        /// <summary>Row-major element strides of a dense tensor whose dims may be symbolic.</summary>
        public static Ir.Dim[] RowMajor(System.Collections.Generic.IReadOnlyList<Ir.Dim> shape)
        {
            var s = new Ir.Dim[shape.Count];
            var run = Ir.Dim.One;
            for (int d = shape.Count - 1; d >= 0; d--)
            {
                s[d] = run;
                run *= shape[d];
            }
            return s;
        }

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
