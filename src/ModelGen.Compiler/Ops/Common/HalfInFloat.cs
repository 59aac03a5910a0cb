using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// Runs a float16 (or bfloat16) node's arithmetic in float: its inputs are converted into float temporaries, the op lowers its
    /// float form over them into float temporaries, and those are converted back to the outputs. Why: a float16
    /// accumulator rounds after every add, so a 4-tap convolution drifts by several units in the last place, while
    /// ONNX's reference (and ONNX Runtime) accumulate in float and round once.
    /// </summary>
    internal static class HalfInFloat
    {
        /// <summary>
        /// When input 0 is float16 or bfloat16, lowers <paramref name="lowerFloat"/> over float copies of the node's inputs and
        /// outputs (absent ones stay null) and returns true; otherwise returns false and emits nothing.
        /// </summary>
        public static bool TryLower(LowerContext c, Action<Value?[], Value?[]> lowerFloat)
        {
            if (!Narrow(c.InType(0))) return false;
            var ins = c.Node.Inputs.Select((v, i) => v == null ? null : Widened(c, v, "in" + i)).ToArray();
            var outs = c.Node.Outputs.Select((v, i) => v == null ? null : c.Temporary("out" + i + ".f32", ElementType.Float, v.Shape!)).ToArray();
            lowerFloat(ins, outs);
            for (int i = 0; i < outs.Length; i++)
                if (outs[i] != null) ConversionOp.Emit(c, outs[i]!, c.Out(i));
            return true;
        }

        private static bool Narrow(ElementType t) => t == ElementType.Float16 || t == ElementType.BFloat16;

        private static Value Widened(LowerContext c, Value v, string purpose)
        {
            if (!Narrow(v.Type)) return v;
            var wide = c.Temporary(purpose + ".f32", ElementType.Float, v.Shape!);
            ConversionOp.Emit(c, v, wide);
            return wide;
        }
    }
}
