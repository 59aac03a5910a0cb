using System;

namespace ModelGen.Runtime
{
    /// <summary>
    /// The untyped face every generated model class also has: for tools that handle models they do not
    /// know at compile time (the modelgen CLI, test harnesses). Application code should call the typed
    /// Predict methods instead.
    /// </summary>
    public interface ICompiledModel
    {
        /// <summary>Inputs, outputs and symbolic dims.</summary>
        ModelInfo Info { get; }

        /// <summary>
        /// Runs the model. <paramref name="dims"/> gives the symbolic dims in <see cref="ModelInfo.SymbolicDims"/> order;
        /// inputs and outputs are the tensors' little-endian element bytes, in Info's order.
        /// </summary>
        void Run(ReadOnlySpan<int> dims, ReadOnlyMemory<byte>[] inputs, Memory<byte>[] outputs);
    }
}
