using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// An op that is never run as itself: shape inference hands the node to <see cref="Rewrite"/>, which replaces
    /// it with tensor nodes (or, for sequence ops, records the build-time sequence it makes), and the node is then
    /// erased. Sequence ops (no sequence exists at run time) and Gradient (differentiated at build time) are such
    /// ops. Normal inference and lowering never see these nodes.
    /// </summary>
    internal abstract class RewriteOp : Op<EmptyPlan>
    {
        /// <summary>Builds the replacing nodes; false after a reported problem (quietly, when an input failed upstream).</summary>
        internal abstract bool Rewrite(OpRewrite r);

        // Unreachable: ShapeInference routes these ops to Rewrite. Kept as diagnostics rather than exceptions all the same.
        protected sealed override EmptyPlan? Infer(InferContext c) =>
            c.Reject<EmptyPlan>(DiagnosticIds.InternalError, "must be rewritten at build time before inference.");

        protected sealed override void Lower(LowerContext c, EmptyPlan plan) =>
            throw new System.InvalidOperationException(c.Node.Describe() + ": rewritten ops never reach lowering.");
    }
}
