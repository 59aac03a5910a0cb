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
        /// inputs and outputs are the tensors' little-endian element bytes, in Info's order. String tensors use
        /// <see cref="StringTensor"/>'s encoding (per element a little-endian int32 UTF-8 byte length, then the bytes);
        /// a string output's memory must be exactly as long as its encoding.
        /// </summary>
        void Run(ReadOnlySpan<int> dims, ReadOnlyMemory<byte>[] inputs, Memory<byte>[] outputs);

        /// <summary>
        /// Runs the model and returns each output's bytes and dims: for tools, and for models whose output sizes only
        /// run time knows. <paramref name="dims"/> and <paramref name="inputs"/> are as for the other overload.
        /// </summary>
        TensorBuffer[] Run(ReadOnlySpan<int> dims, ReadOnlyMemory<byte>[] inputs);
    }
}
