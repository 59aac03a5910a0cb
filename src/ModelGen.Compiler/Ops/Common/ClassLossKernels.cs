using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>The negative log-likelihood call both loss ops end with.</summary>
    internal static class ClassLossKernels
    {
        /// <summary>loss = NLL(<paramref name="logProb"/>, target input 1, weight input 2 when present) into output 0.</summary>
        public static void Emit(LowerContext c, ClassLossPlan p, Value logProb)
        {
            c.Call("loss.nll", logProb.Type, c.InType(1)).In("x", logProb).In("target", c.In(1)).InOrNone("weight", c.Node.Input(2)).Out("loss", c.Out(0))
                .Dim("batch", p.Batch).Dim("classes", p.Classes).Dim("spatial", p.Spatial)
                .Bool("hasIgnoreIndex", p.IgnoreIndex != null).Integer("ignoreIndex", ElementType.Int64, p.IgnoreIndex ?? 0)
                .Integer("reduction", ElementType.Int32, (long)p.Reduction).Emit();
        }
    }
}
