namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// An ONNX sequence op. ModelGen has no sequence values at run time: each sequence op either records the
    /// sequence it makes (a <see cref="Ir.BuildTimeSequence"/> on its output) or rewrites into tensor nodes
    /// (Identity, Concat, Split...). So positions, and the number of elements, must be known at build time; the
    /// rewrite says so with a diagnostic when they are not. See <see cref="SequenceRewrites"/>.
    /// </summary>
    internal abstract class SequenceOp : RewriteOp
    {
    }
}
