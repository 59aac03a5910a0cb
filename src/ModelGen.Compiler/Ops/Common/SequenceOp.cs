using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// An ONNX sequence op. ModelGen has no sequence values at run time: shape inference hands each sequence op
    /// to <see cref="Rewrite"/>, which either records the sequence it makes (a <see cref="Ir.BuildTimeSequence"/>
    /// on its output) or rewrites the node into tensor nodes (Identity, Concat, Split...), and then the node is
    /// erased. So the positions, and the number of elements, must be known at build time; the rewrite says so
    /// with a diagnostic when they are not. Normal inference and lowering never see these nodes.
    /// </summary>
    internal abstract class SequenceOp : Op<EmptyPlan>
    {
        /// <summary>Records the output sequence or builds the replacing tensor nodes; false after a reported problem (quietly, when an input failed upstream).</summary>
        internal abstract bool Rewrite(SequenceRewrite r);

        // Unreachable: ShapeInference routes sequence ops to Rewrite. Kept as diagnostics rather than exceptions all the same.
        protected sealed override EmptyPlan? Infer(InferContext c) =>
            c.Reject<EmptyPlan>(DiagnosticIds.InternalError, "is a sequence op, which must be rewritten at build time before inference.");

        protected sealed override void Lower(LowerContext c, EmptyPlan plan) =>
            throw new System.InvalidOperationException(c.Node.Describe() + ": sequence ops are rewritten away before lowering.");
    }
}
